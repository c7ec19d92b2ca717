import type { BlueskyAccountConfig } from '../../config/channels-config';
import type { CredentialVerdict } from '../../domain/channels/credential-check.policy';
import type { ChannelAdapter, ChannelStatus, OutboundMessage, PublishedPost, SendOutcome } from './channel-adapter.types';
import { clip, hostOf, httpCall, retryAfter, type HttpAnswer, type HttpFailure } from './channel-http';
import { postFailure, type ProviderSays } from './post-outcome.policy';

interface Session {
  accessJwt: string;
  did: string;
}

type XrpcAnswer = HttpAnswer | HttpFailure;

/**
 * One Bluesky account over the AT Protocol (XRPC on its PDS): a session from the handle and an app
 * password (`com.atproto.server.createSession`, kept until the PDS says it expired), the card as a
 * blob (`com.atproto.repo.uploadBlob`), then the post (`com.atproto.repo.createRecord`,
 * `app.bsky.feed.post` with an image embed and its alt text, the links as facets so they can be
 * followed). Only createRecord makes anything public. Unknown outcomes are looked for by their
 * marker in the account's own records (`com.atproto.repo.listRecords`, read on the PDS itself).
 */
export class BlueskyAdapter implements ChannelAdapter {
  readonly channel = 'bluesky' as const;
  private session?: Promise<Session | XrpcAnswer>;

  constructor(
    private readonly account: BlueskyAccountConfig,
    private readonly timeoutMs: number,
  ) {}

  status(): ChannelStatus {
    return { channel: 'bluesky', mode: 'live', target: hostOf(this.account.serviceUrl) };
  }

  async send(m: OutboundMessage): Promise<SendOutcome> {
    let embed: Record<string, unknown> | undefined;
    if (m.card) {
      const card = m.card;
      const upload = await this.authed((s) =>
        this.xrpc('com.atproto.repo.uploadBlob', { method: 'POST', headers: { ...bearer(s), 'Content-Type': 'image/png' }, body: new Uint8Array(card.landscape) }),
      );
      if ('did' in upload) return upload.failure;
      const blob = upload.ok && upload.status === 200 ? (upload.json as { blob?: unknown } | undefined)?.blob : undefined;
      if (!blob) return postFailure('Bluesky', upload, false, blueskySays);
      embed = { $type: 'app.bsky.embed.images', images: [{ alt: card.alt, image: blob, aspectRatio: { width: 1200, height: 675 } }] };
    }
    const facets = linkFacets(m.text);
    const created = await this.authed((s) =>
      this.xrpc('com.atproto.repo.createRecord', {
        method: 'POST',
        headers: { ...bearer(s), 'Content-Type': 'application/json' },
        body: JSON.stringify({
          repo: s.did,
          collection: 'app.bsky.feed.post',
          record: { $type: 'app.bsky.feed.post', text: m.text, langs: ['fr'], createdAt: new Date().toISOString(), ...(facets.length ? { facets } : {}), ...(embed ? { embed } : {}) },
        }),
      }),
    );
    if ('did' in created) return created.failure;
    const uri = created.ok && created.status === 200 ? (created.json as { uri?: unknown } | undefined)?.uri : undefined;
    if (typeof uri === 'string') return { kind: 'sent', proof: { postId: uri, url: postUrl(uri), ...(embed ? { card: 'attached' } : {}) } };
    return postFailure('Bluesky', created, true, blueskySays);
  }

  /** A session is what the app password gives: creating one checks it, and posts nothing. */
  async checkCredentials(): Promise<CredentialVerdict> {
    this.session = undefined;
    const s = await this.currentSession();
    if ('did' in s) return { status: 'ok', reason: s.did };
    if (!s.ok) return { status: 'unreachable', reason: `Bluesky: ${s.reason}` };
    if (s.status === 401 || s.status === 400) return { status: 'refused', reason: `Bluesky refused the app password (check BLUESKY_HANDLE and BLUESKY_APP_PASSWORD): ${s.status} ${xrpcError(s)}` };
    return { status: 'unreachable', reason: `Bluesky answered ${s.status}` };
  }

  /** The account's own recent posts whose text holds the marker. Throws when they cannot be read. */
  async findByMarker(marker: string): Promise<PublishedPost | null> {
    const answer = await this.authed((s) => this.xrpc(`com.atproto.repo.listRecords?repo=${encodeURIComponent(s.did)}&collection=app.bsky.feed.post&limit=50`, { headers: bearer(s) }));
    if ('did' in answer) throw new Error(`Bluesky session could not be opened: ${'reason' in answer.failure ? answer.failure.reason : ''}`);
    if (!answer.ok) throw new Error(`Bluesky posts of the account could not be read: ${answer.reason}`);
    if (answer.status !== 200) throw new Error(`Bluesky posts of the account could not be read: ${answer.status} ${xrpcError(answer)}`);
    const records = (answer.json as { records?: { uri: string; value?: { text?: string } }[] } | undefined)?.records ?? [];
    const post = records.find((r) => r.value?.text?.includes(marker));
    return post ? { id: post.uri, url: postUrl(post.uri) } : null;
  }

  /**
   * Runs a call with the session, opening one when needed and once more when the PDS says the
   * token expired (nothing was done by a call refused for its token). `did` marks "no session".
   */
  private async authed(call: (s: Session) => Promise<XrpcAnswer>): Promise<XrpcAnswer | { did: null; failure: SendOutcome }> {
    for (let round = 0; round < 2; round++) {
      const s = await this.currentSession();
      if (!('did' in s)) {
        this.session = undefined;
        return { did: null, failure: sessionFailure(s) };
      }
      const answer = await call(s);
      const expired = answer.ok && (answer.status === 401 || (answer.status === 400 && /ExpiredToken|InvalidToken/.test(xrpcError(answer))));
      if (!expired) return answer;
      this.session = undefined;
    }
    return { did: null, failure: { kind: 'temporary', reason: 'Bluesky refused a fresh session token' } };
  }

  private currentSession(): Promise<Session | XrpcAnswer> {
    this.session ??= this.xrpc('com.atproto.server.createSession', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ identifier: this.account.identifier, password: this.account.appPassword }),
    }).then((a) => {
      const body = a.ok && a.status === 200 ? (a.json as { accessJwt?: unknown; did?: unknown } | undefined) : undefined;
      if (typeof body?.accessJwt === 'string' && typeof body.did === 'string') return { accessJwt: body.accessJwt, did: body.did };
      this.session = undefined;
      return a;
    });
    return this.session;
  }

  private xrpc(method: string, init: RequestInit): Promise<XrpcAnswer> {
    return httpCall(`${this.account.serviceUrl}/xrpc/${method}`, init, this.timeoutMs);
  }
}

const bearer = (s: Session) => ({ Authorization: `Bearer ${s.accessJwt}` });

/** at://did/app.bsky.feed.post/rkey → the address people open. */
function postUrl(uri: string): string {
  const m = /^at:\/\/([^/]+)\/app\.bsky\.feed\.post\/([^/]+)$/.exec(uri);
  return m ? `https://bsky.app/profile/${m[1]}/post/${m[2]}` : uri;
}

function xrpcError(a: HttpAnswer): string {
  const body = a.json as { error?: unknown; message?: unknown } | undefined;
  return clip([body?.error, body?.message].filter((x) => typeof x === 'string').join(': ') || a.text, 200);
}

/** A session refused: the app password is wrong (permanent until someone fixes it, like SMTP credentials: retried), or the PDS is away. */
function sessionFailure(a: XrpcAnswer): SendOutcome {
  if (!a.ok) return { kind: 'temporary', reason: `Bluesky unreachable: ${a.reason}` };
  if (a.status === 429) return { kind: 'temporary', reason: `Bluesky rate limit on sessions: ${xrpcError(a)}`, retryAt: resetOf(a) };
  return { kind: 'temporary', reason: `Bluesky refused the session (check BLUESKY_HANDLE and BLUESKY_APP_PASSWORD): ${a.status} ${xrpcError(a)}` };
}

/** An XRPC error body is `{ error, message }`; a 429 carries Retry-After or RateLimit-Reset. */
function blueskySays(a: HttpAnswer): ProviderSays {
  return a.status === 429 ? { said: xrpcError(a), throttledAs: 'rate limit', retryAt: resetOf(a) } : { said: xrpcError(a) };
}

/** Retry-After, or the PDS's RateLimit-Reset (epoch seconds). */
function resetOf(a: HttpAnswer): Date | undefined {
  const reset = Number(a.headers.get('ratelimit-reset'));
  return retryAfter(a.headers) ?? (Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : undefined);
}

/** Links are plain text to Bluesky unless a facet says where they are, in UTF-8 bytes. */
export function linkFacets(text: string): { index: { byteStart: number; byteEnd: number }; features: { $type: string; uri: string }[] }[] {
  const out = [];
  for (const m of text.matchAll(/https?:\/\/[^\s<>"]+[^\s<>".,;:!?)]/g)) {
    const byteStart = Buffer.byteLength(text.slice(0, m.index));
    out.push({ index: { byteStart, byteEnd: byteStart + Buffer.byteLength(m[0]) }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: m[0] }] });
  }
  return out;
}
