import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ApiPartialResponseError, ApiRequestError, ApiResponseError, TwitterApi, type ITwitterApiClientPlugin } from 'twitter-api-v2';
import type { XAccountConfig } from '../../config/channels-config';
import type { CredentialVerdict } from '../../domain/channels/credential-check.policy';
import type { ChannelAdapter, ChannelStatus, OutboundMessage, PublishedPost, SendOutcome } from './channel-adapter.types';
import { clip, hostOf, NOT_CONNECTED } from './channel-http';

const X_ORIGIN = 'https://api.x.com';

/**
 * twitter-api-v2 has no base-URL option: this plugin moves every request to
 * X_API_BASE_URL before it is signed (so a proxy sees a valid OAuth signature)
 * and bounds it by the channel timeout.
 */
function baseUrlPlugin(baseUrl: string, timeoutMs: number): ITwitterApiClientPlugin {
  return {
    onBeforeRequestConfig({ params }) {
      if (baseUrl !== X_ORIGIN && params.url.startsWith(X_ORIGIN)) params.url = baseUrl + params.url.slice(X_ORIGIN.length);
      params.timeout = timeoutMs;
    },
  };
}

/**
 * One X account (the prefecture's, or the exercise account). Posts are
 * at-most-once: anything that may have been published is `unknown`, and the
 * caller looks for the marker before it ever posts again.
 */
export class XAdapter implements ChannelAdapter {
  readonly channel = 'x' as const;
  private readonly client: TwitterApi;

  constructor(
    private readonly account: XAccountConfig,
    timeoutMs: number,
  ) {
    const httpAgent = account.baseUrl.startsWith('https:') ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    this.client = new TwitterApi(
      { appKey: account.appKey, appSecret: account.appSecret, accessToken: account.accessToken, accessSecret: account.accessSecret },
      { plugins: [baseUrlPlugin(account.baseUrl, timeoutMs)], httpAgent },
    );
  }

  status(): ChannelStatus {
    return { channel: 'x', mode: 'live', target: hostOf(this.account.baseUrl) };
  }

  /**
   * The card goes first (v2 media upload: initialize, append, finalize; then its alt text as media
   * metadata), the post after with its media id. Nothing is public until the post: any failure of the
   * upload is retried as a whole, except that a card X will not take never holds the bulletin back.
   */
  async send(m: OutboundMessage): Promise<SendOutcome> {
    let mediaId: string | undefined;
    let cardNote: string | undefined;
    if (m.card) {
      try {
        mediaId = await this.client.v2.uploadMedia(m.card.landscape, { media_type: 'image/png', media_category: 'tweet_image' });
        await this.client.v2.createMediaMetadata(mediaId, { alt_text: { text: m.card.alt.slice(0, 1000) } });
      } catch (e) {
        const failure = xFailure(e);
        // Nothing was posted yet: a rate limit or an unreachable X waits; an upload refused outright posts the text alone.
        if (failure.kind !== 'permanent')
          return {
            kind: 'temporary',
            reason: `X media upload: ${'reason' in failure ? failure.reason : failure.kind}`,
            ...(failure.kind === 'temporary' && failure.retryAt ? { retryAt: failure.retryAt } : {}),
          };
        mediaId = undefined;
        cardNote = `not attached (${clip(failure.reason, 120)})`;
      }
    }
    try {
      const { data } = await this.client.v2.tweet(m.text, mediaId ? { media: { media_ids: [mediaId] } } : {});
      return { kind: 'sent', proof: { postId: data.id, url: postUrl(data.id), ...(mediaId ? { card: 'attached', mediaId } : cardNote ? { card: cardNote } : {}) } };
    } catch (e) {
      return xFailure(e);
    }
  }

  /** GET /2/users/me: needs the four keys, posts nothing. The token must also be the configured account's. */
  async checkCredentials(): Promise<CredentialVerdict> {
    try {
      const { data } = await this.client.v2.me();
      if (data.id !== this.account.userId) return { status: 'refused', reason: `the access token is account ${data.id}'s, not the configured user id ${this.account.userId}` };
      return { status: 'ok', reason: `@${data.username}` };
    } catch (e) {
      if (e instanceof ApiResponseError) {
        const said = clip(describe(e), 200);
        if (e.code === 401 || e.code === 403) return { status: 'refused', reason: `X refused the credentials (check X_APP_KEY, X_APP_SECRET and the access token): ${e.code} ${said}` };
        return { status: 'unreachable', reason: `X answered ${e.code}: ${said}` };
      }
      if (e instanceof ApiRequestError) {
        const err = ((e as unknown as { _options?: { error?: Error } })._options?.error ?? e.requestError ?? new Error(e.message)) as Error & { code?: string };
        return { status: 'unreachable', reason: `X unreachable (${clip(err.code ?? err.message, 200)})` };
      }
      return { status: 'unreachable', reason: `X call failed: ${clip(e instanceof Error ? e.message : String(e), 200)}` };
    }
  }

  /** Throws when the timeline cannot be read: "not found" and "could not look" are different answers. */
  async findByMarker(marker: string): Promise<PublishedPost | null> {
    const page = await this.client.v2.get<{ data?: { id: string; text: string }[] }>(`users/${encodeURIComponent(this.account.userId)}/tweets`, {
      max_results: 100,
    });
    const post = page.data?.find((p) => p.text.includes(marker));
    return post ? { id: post.id, url: postUrl(post.id) } : null;
  }
}

const postUrl = (id: string) => `https://x.com/i/web/status/${id}`;

function xFailure(e: unknown): SendOutcome {
  if (e instanceof ApiResponseError) {
    const said = clip(describe(e));
    if (e.code === 429) {
      const reset = e.rateLimit?.reset ?? Number(e.headers['x-rate-limit-reset']);
      return { kind: 'temporary', reason: `X rate limit: ${said}`, retryAt: Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : undefined };
    }
    // X refuses a text it already has: our earlier attempt may be the one it has. Look for it, never retry blindly.
    if (e.code === 403 && /duplicate/i.test(said)) return { kind: 'unknown', reason: `X refused a duplicate: the post may already be published (${said})` };
    if (e.code >= 500) return { kind: 'unknown', reason: `X answered ${e.code} after the request was sent: the post may be published (${said})` };
    return { kind: 'permanent', reason: `X answered ${e.code}: ${said}` };
  }
  if (e instanceof ApiRequestError) {
    // twitter-api-v2 1.29 stores the socket error as `error` while its `requestError` getter reads another key.
    const err = ((e as unknown as { _options?: { error?: Error } })._options?.error ?? e.requestError ?? new Error(e.message)) as Error & { code?: string };
    if (err.code && NOT_CONNECTED.has(err.code)) return { kind: 'temporary', reason: `X unreachable (${err.code})` };
    const timedOut = /timeout/i.test(err.message);
    return { kind: 'unknown', reason: timedOut ? 'no answer from X in time: the post may be published' : `connection to X lost (${clip(err.code ?? err.message)}): the post may be published` };
  }
  if (e instanceof ApiPartialResponseError) return { kind: 'unknown', reason: `X's answer was cut off: the post may be published (${clip(e.message)})` };
  return { kind: 'unknown', reason: `X call failed: ${clip(e instanceof Error ? e.message : String(e))}` };
}

function describe(e: ApiResponseError): string {
  const data = e.data as { detail?: string; title?: string; errors?: { message?: string; detail?: string }[] } | undefined;
  return data?.detail ?? data?.errors?.[0]?.message ?? data?.errors?.[0]?.detail ?? data?.title ?? e.message;
}
