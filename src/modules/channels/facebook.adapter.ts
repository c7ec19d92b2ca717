import type { FacebookPageConfig } from '../../config/channels-config';
import type { CredentialVerdict } from '../../domain/channels/credential-check.policy';
import type { ChannelAdapter, ChannelStatus, OutboundMessage, PublishedPost, SendOutcome } from './channel-adapter.types';
import { clip, hostOf, httpCall } from './channel-http';

/** Graph API throttling: application, user, page and "too many calls to this Page" limits. */
const THROTTLING_CODES = new Set([4, 17, 32, 613, 80001]);

interface GraphError {
  error?: { message?: string; type?: string; code?: number; error_subcode?: number };
}

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

  async send(m: OutboundMessage): Promise<SendOutcome> {
    // The token travels in the body, not the query string, so no proxy log ever holds it.
    const answer = await httpCall(
      `${this.page.graphUrl}/${encodeURIComponent(this.page.pageId)}/feed`,
      { method: 'POST', body: new URLSearchParams({ message: m.text, access_token: this.page.pageToken }) },
      this.timeoutMs,
    );
    if (!answer.ok) {
      if (answer.failure === 'refused') return { kind: 'temporary', reason: `Facebook unreachable: ${answer.reason}` };
      return { kind: 'unknown', reason: `Facebook: ${answer.reason}; the post may be published` };
    }
    const id = (answer.json as { id?: unknown } | undefined)?.id;
    if (answer.status >= 200 && answer.status < 300 && typeof id === 'string') return { kind: 'sent', proof: { postId: id, url: postUrl(id) } };
    const error = (answer.json as GraphError | undefined)?.error;
    const said = clip(error?.message ?? answer.text);
    if (error?.code !== undefined && THROTTLING_CODES.has(error.code)) return { kind: 'temporary', reason: `Facebook throttling (code ${error.code}): ${said}` };
    if (answer.status >= 500) return { kind: 'unknown', reason: `Facebook answered ${answer.status}: the post may be published (${said})` };
    if (answer.status >= 200 && answer.status < 300) return { kind: 'unknown', reason: `Facebook answered ${answer.status} without a post id: ${said}` };
    return { kind: 'permanent', reason: `Facebook answered ${answer.status}${error?.code !== undefined ? ` (code ${error.code})` : ''}: ${said}` };
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
