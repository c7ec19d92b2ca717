import type { FacebookPageConfig } from '../../config/channels-config';
import type { CredentialVerdict } from '../../domain/channels/credential-check.policy';
import type { ChannelAdapter, ChannelStatus, OutboundMessage, PublishedPost, SendOutcome } from './channel-adapter.types';
import { clip, hostOf, httpCall, pngFile } from './channel-http';
import { GraphError, graphSays, postFailure, THROTTLING_CODES } from './post-outcome.policy';

/**
 * One Facebook page (the prefecture's, or the exercise page) through the Graph
 * API. A 5xx is `unknown`, not temporary: retries after 5xx have produced
 * duplicate posts, so the caller looks for the marker first.
 */
export class FacebookAdapter implements ChannelAdapter {
  readonly channel = 'facebook' as const;

  constructor(
    private readonly page: FacebookPageConfig,
    private readonly timeoutMs: number,
  ) {}

  status(): ChannelStatus {
    return { channel: 'facebook', mode: 'live', target: hostOf(this.page.graphUrl) };
  }

  /**
   * With a card: a photo post (`/{page}/photos`, the text as its caption, the card's alt text as
   * `alt_text_custom`), which Facebook publishes on the page's feed; without: a text post on `/{page}/feed`.
   */
  async send(m: OutboundMessage): Promise<SendOutcome> {
    // The token travels in the body, not the query string, so no proxy log ever holds it.
    const page = `${this.page.graphUrl}/${encodeURIComponent(this.page.pageId)}`;
    let request: { url: string; body: URLSearchParams | FormData };
    if (m.card) {
      const form = new FormData();
      form.set('message', m.text);
      form.set('alt_text_custom', m.card.alt);
      form.set('access_token', this.page.pageToken);
      form.set('source', pngFile(m.card.landscape));
      request = { url: `${page}/photos`, body: form };
    } else {
      request = { url: `${page}/feed`, body: new URLSearchParams({ message: m.text, access_token: this.page.pageToken }) };
    }
    const answer = await httpCall(request.url, { method: 'POST', body: request.body }, this.timeoutMs);
    const body = answer.ok ? (answer.json as { id?: unknown; post_id?: unknown } | undefined) : undefined;
    // A photo answers its own id and the feed post's id: the post is what the page shows, and what the marker search finds.
    const id = typeof body?.post_id === 'string' ? body.post_id : body?.id;
    if (answer.ok && answer.status >= 200 && answer.status < 300 && typeof id === 'string') {
      return { kind: 'sent', proof: { postId: id, url: postUrl(id), ...(m.card ? { card: 'attached' } : {}) } };
    }
    return postFailure('Facebook', answer, true, graphSays);
  }

  /** GET /{page-id}?fields=id,name with the page token: reads the page, posts nothing. */
  async checkCredentials(): Promise<CredentialVerdict> {
    const url = `${this.page.graphUrl}/${encodeURIComponent(this.page.pageId)}?fields=id,name`;
    const answer = await httpCall(url, { headers: { Authorization: `Bearer ${this.page.pageToken}` } }, this.timeoutMs);
    if (!answer.ok) return { status: 'unreachable', reason: `Facebook: ${answer.reason}` };
    const page = answer.json as { id?: unknown; name?: unknown } | undefined;
    if (answer.status === 200 && page?.id === this.page.pageId) return { status: 'ok', reason: typeof page.name === 'string' ? clip(page.name, 100) : undefined };
    const error = (answer.json as GraphError | undefined)?.error;
    const said = clip(error?.message ?? answer.text, 200);
    const code = error?.code !== undefined ? ` (code ${error.code})` : '';
    if (answer.status >= 500 || (error?.code !== undefined && THROTTLING_CODES.has(error.code))) return { status: 'unreachable', reason: `Facebook answered ${answer.status}${code}: ${said}` };
    if (answer.status === 200) return { status: 'refused', reason: `Facebook answered for another page than FACEBOOK_PAGE_ID ${this.page.pageId}` };
    // 190 (invalid or expired token), 102 (session), 10/200 (permission), a page the token cannot see: the configuration is wrong.
    return { status: 'refused', reason: `Facebook refused the page token (check FACEBOOK_PAGE_ID and its token): ${answer.status}${code} ${said}` };
  }

  /** Throws when the page cannot be read: "not found" and "could not look" are different answers. */
  async findByMarker(marker: string): Promise<PublishedPost | null> {
    const url = `${this.page.graphUrl}/${encodeURIComponent(this.page.pageId)}/posts?fields=id,message,permalink_url&limit=100`;
    const answer = await httpCall(url, { headers: { Authorization: `Bearer ${this.page.pageToken}` } }, this.timeoutMs);
    if (!answer.ok) throw new Error(`Facebook posts of the page could not be read: ${answer.reason}`);
    if (answer.status !== 200) {
      throw new Error(`Facebook posts of the page could not be read: ${answer.status} ${clip((answer.json as GraphError | undefined)?.error?.message ?? answer.text)}`);
    }
    const posts = (answer.json as { data?: { id: string; message?: string; permalink_url?: string }[] } | undefined)?.data ?? [];
    const post = posts.find((p) => p.message?.includes(marker));
    return post ? { id: post.id, url: post.permalink_url ?? postUrl(post.id) } : null;
  }
}

const postUrl = (id: string) => `https://www.facebook.com/${id}`;
