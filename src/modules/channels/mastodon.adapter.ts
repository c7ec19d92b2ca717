import type { MastodonAccountConfig } from '../../config/channels-config';
import type { CredentialVerdict } from '../../domain/channels/credential-check.policy';
import type { ChannelAdapter, ChannelStatus, OutboundMessage, PublishedPost, SendOutcome } from './channel-adapter.types';
import { clip, hostOf, httpCall, pngFile, retryAfter, type HttpAnswer } from './channel-http';
import { postFailure, type ProviderSays } from './post-outcome.policy';

/**
 * One Mastodon account. The card is uploaded first (`POST /api/v2/media` with its description), then
 * the status with its media id and an `Idempotency-Key`: the delivery's id, so that a retry the
 * instance already served gives back the first status instead of a second one (the instance keeps
 * keys for an hour). An outcome still unknown is looked for by its marker like every public post.
 */
export class MastodonAdapter implements ChannelAdapter {
  readonly channel = 'mastodon' as const;
  private accountId?: string;

  constructor(
    private readonly account: MastodonAccountConfig,
    private readonly timeoutMs: number,
  ) {}

  status(): ChannelStatus {
    return { channel: 'mastodon', mode: 'live', target: hostOf(this.account.baseUrl) };
  }

  async send(m: OutboundMessage): Promise<SendOutcome> {
    const mediaIds: string[] = [];
    if (m.card) {
      const form = new FormData();
      form.set('file', pngFile(m.card.landscape));
      form.set('description', m.card.alt.slice(0, 1500));
      const media = await httpCall(`${this.account.baseUrl}/api/v2/media`, { method: 'POST', headers: this.auth(), body: form }, this.timeoutMs);
      const id = media.ok && (media.status === 200 || media.status === 202) ? (media.json as { id?: unknown } | undefined)?.id : undefined;
      // Nothing is public before the status: any failure here is worth a new attempt, or a clear refusal.
      if (typeof id !== 'string') return postFailure('Mastodon', media, false, mastodonSays);
      mediaIds.push(id);
    }
    const answer = await httpCall(
      `${this.account.baseUrl}/api/v1/statuses`,
      {
        method: 'POST',
        headers: { ...this.auth(), 'Content-Type': 'application/json', 'Idempotency-Key': m.reference },
        body: JSON.stringify({ status: m.text, media_ids: mediaIds, visibility: 'public', language: 'fr' }),
      },
      this.timeoutMs,
    );
    const status = answer.ok && answer.status === 200 ? (answer.json as { id?: unknown; url?: unknown; media_attachments?: { id?: string }[] } | undefined) : undefined;
    if (typeof status?.id === 'string') {
      // The status's own attachment: a status given back for a key already served carries the first attempt's media.
      const attached = status.media_attachments?.[0]?.id;
      return { kind: 'sent', proof: { postId: status.id, ...(typeof status.url === 'string' ? { url: status.url } : {}), ...(attached ? { card: 'attached', mediaId: attached } : {}) } };
    }
    return postFailure('Mastodon', answer, true, mastodonSays);
  }

  /** GET /api/v1/accounts/verify_credentials: reads the account, posts nothing. */
  async checkCredentials(): Promise<CredentialVerdict> {
    const answer = await httpCall(`${this.account.baseUrl}/api/v1/accounts/verify_credentials`, { headers: this.auth() }, this.timeoutMs);
    if (!answer.ok) return { status: 'unreachable', reason: `Mastodon: ${answer.reason}` };
    const acct = (answer.json as { acct?: unknown } | undefined)?.acct;
    if (answer.status === 200) return { status: 'ok', reason: typeof acct === 'string' ? `@${clip(acct, 100)}` : undefined };
    if (answer.status === 401 || answer.status === 403) return { status: 'refused', reason: `Mastodon refused the access token (check MASTODON_ACCESS_TOKEN): ${answer.status}` };
    return { status: 'unreachable', reason: `Mastodon answered ${answer.status}` };
  }

  /** The account's own recent statuses whose content holds the marker. Throws when they cannot be read. */
  async findByMarker(marker: string): Promise<PublishedPost | null> {
    const id = await this.ownId();
    const answer = await httpCall(
      `${this.account.baseUrl}/api/v1/accounts/${encodeURIComponent(id)}/statuses?limit=40&exclude_replies=true&exclude_reblogs=true`,
      { headers: this.auth() },
      this.timeoutMs,
    );
    if (!answer.ok) throw new Error(`Mastodon statuses of the account could not be read: ${answer.reason}`);
    if (answer.status !== 200) throw new Error(`Mastodon statuses of the account could not be read: ${answer.status} ${clip(answer.text)}`);
    const statuses = (answer.json as { id: string; content?: string; url?: string }[] | undefined) ?? [];
    // The content comes back as HTML: the marker's brackets and digits are never escaped, its text is found as it is.
    const post = statuses.find((s) => s.content?.includes(marker));
    return post ? { id: post.id, ...(post.url ? { url: post.url } : {}) } : null;
  }

  private async ownId(): Promise<string> {
    if (this.accountId) return this.accountId;
    const answer = await httpCall(`${this.account.baseUrl}/api/v1/accounts/verify_credentials`, { headers: this.auth() }, this.timeoutMs);
    const id = answer.ok && answer.status === 200 ? (answer.json as { id?: unknown } | undefined)?.id : undefined;
    if (typeof id !== 'string') throw new Error(`Mastodon account could not be read: ${answer.ok ? answer.status : answer.reason}`);
    this.accountId = id;
    return id;
  }

  private auth(): Record<string, string> {
    return { Authorization: `Bearer ${this.account.accessToken}` };
  }
}

/** Mastodon's error body is `{ error }`; a 429 says when its window resets (X-RateLimit-Reset, an ISO date), a proxy in front may say Retry-After. */
function mastodonSays(a: HttpAnswer): ProviderSays {
  const said = clip(((a.json as { error?: unknown } | undefined)?.error as string | undefined) ?? a.text);
  if (a.status !== 429) return { said };
  const reset = Date.parse(a.headers.get('x-ratelimit-reset') ?? '');
  return { said, throttledAs: 'rate limit', retryAt: retryAfter(a.headers) ?? (Number.isNaN(reset) ? undefined : new Date(reset)) };
}
