import type { InstagramAccountConfig } from '../../config/channels-config';
import type { CredentialVerdict } from '../../domain/channels/credential-check.policy';
import type { ChannelAdapter, ChannelStatus, OutboundMessage, PublishedPost, SendOutcome } from './channel-adapter.types';
import { clip, hostOf, httpCall } from './channel-http';
import { GraphError, graphSays, postFailure, THROTTLING_CODES } from './post-outcome.policy';

/**
 * One Instagram professional account through the Graph API's content publishing: a media container
 * is created from the card's public address (Instagram downloads it; an image is required), then
 * published. Only the publish call makes anything public: a failure before it is retried, one after
 * it is `unknown` and looked for by its marker in the captions.
 */
export class InstagramAdapter implements ChannelAdapter {
  readonly channel = 'instagram' as const;

  constructor(
    private readonly account: InstagramAccountConfig,
    private readonly timeoutMs: number,
  ) {}

  status(): ChannelStatus {
    return { channel: 'instagram', mode: 'live', target: hostOf(this.account.graphUrl) };
  }

  async send(m: OutboundMessage): Promise<SendOutcome> {
    if (!m.card) return { kind: 'permanent', reason: 'Instagram publishes an image or nothing: this message has no card' };
    const user = `${this.account.graphUrl}/${encodeURIComponent(this.account.userId)}`;
    const container = await httpCall(
      `${user}/media`,
      { method: 'POST', body: new URLSearchParams({ image_url: m.card.squareJpegUrl, caption: m.text, alt_text: m.card.alt, access_token: this.account.accessToken }) },
      this.timeoutMs,
    );
    const creationId = container.ok && container.status === 200 ? (container.json as { id?: unknown } | undefined)?.id : undefined;
    if (typeof creationId !== 'string') return postFailure('Instagram', container, false, graphSays);
    const published = await httpCall(`${user}/media_publish`, { method: 'POST', body: new URLSearchParams({ creation_id: creationId, access_token: this.account.accessToken }) }, this.timeoutMs);
    const id = published.ok && published.status === 200 ? (published.json as { id?: unknown } | undefined)?.id : undefined;
    if (typeof id === 'string') return { kind: 'sent', proof: { postId: id, containerId: creationId, card: 'attached' } };
    return postFailure('Instagram', published, true, graphSays);
  }

  /** GET /{ig-user-id}?fields=id,username with the token: reads the account, publishes nothing. */
  async checkCredentials(): Promise<CredentialVerdict> {
    const answer = await httpCall(`${this.account.graphUrl}/${encodeURIComponent(this.account.userId)}?fields=id,username`, { headers: this.auth() }, this.timeoutMs);
    if (!answer.ok) return { status: 'unreachable', reason: `Instagram: ${answer.reason}` };
    const body = answer.json as { id?: unknown; username?: unknown } & GraphError;
    if (answer.status === 200 && body?.id === this.account.userId) return { status: 'ok', reason: typeof body.username === 'string' ? `@${clip(body.username, 60)}` : undefined };
    const code = body?.error?.code;
    if (answer.status >= 500 || answer.status === 429 || (code !== undefined && THROTTLING_CODES.has(code))) return { status: 'unreachable', reason: `Instagram answered ${answer.status}` };
    return { status: 'refused', reason: `Instagram refused the token (check INSTAGRAM_USER_ID and INSTAGRAM_ACCESS_TOKEN): ${answer.status}${code !== undefined ? ` (code ${code})` : ''}` };
  }

  /** The account's recent media whose caption holds the marker. Throws when they cannot be read. */
  async findByMarker(marker: string): Promise<PublishedPost | null> {
    const url = `${this.account.graphUrl}/${encodeURIComponent(this.account.userId)}/media?fields=id,caption,permalink&limit=50`;
    const answer = await httpCall(url, { headers: this.auth() }, this.timeoutMs);
    if (!answer.ok) throw new Error(`Instagram media of the account could not be read: ${answer.reason}`);
    if (answer.status !== 200) throw new Error(`Instagram media of the account could not be read: ${answer.status} ${clip((answer.json as GraphError | undefined)?.error?.message ?? answer.text)}`);
    const media = (answer.json as { data?: { id: string; caption?: string; permalink?: string }[] } | undefined)?.data ?? [];
    const post = media.find((p) => p.caption?.includes(marker));
    return post ? { id: post.id, ...(post.permalink ? { url: post.permalink } : {}) } : null;
  }

  private auth(): Record<string, string> {
    return { Authorization: `Bearer ${this.account.accessToken}` };
  }
}
