import type { ServerResponse } from 'node:http';
import { HttpPeer, isJpeg, json, SeenRequest } from './http-peer';
import { PostFailures } from './post-failures';

/** What a container holds: published, it becomes the account's media. */
interface ContainerContent {
  id: string;
  userId: string;
  caption: string;
  altText: string;
  imageUrl: string;
  /** The image Instagram downloaded from image_url when the container was created. */
  image: Buffer;
}

export interface InstagramMedia extends ContainerContent {
  unanswered: boolean;
}

interface Container extends ContainerContent {
  published: boolean;
}

/**
 * Answers like the Graph API's Instagram content publishing for a professional account:
 * POST /{ig-user-id}/media (a container; the peer downloads image_url as Instagram does and
 * takes JPEG only), POST /{ig-user-id}/media_publish, GET /{ig-user-id}/media and
 * GET /{ig-user-id}?fields=id,username, with or without a version prefix. `accounts`: user id →
 * token; a wrong token gets 400 OAuthException code 190. Throttling is code 4 with the
 * X-Business-Use-Case-Usage header telling the minutes to wait, as the Graph API does.
 */
export class InstagramPeer extends HttpPeer {
  readonly media: InstagramMedia[] = [];
  readonly containers: Container[] = [];
  readonly failures = new PostFailures();
  private seq = 1;

  constructor(private readonly accounts: Record<string, string>) {
    super();
  }

  mediaOf(userId: string): InstagramMedia[] {
    return this.media.filter((m) => m.userId === userId);
  }

  protected async handle(req: SeenRequest, res: ServerResponse): Promise<void> {
    const url = new URL(req.path, 'http://graph');
    const route = /^(?:\/v\d+\.\d+)?\/(\d+)(?:\/(media|media_publish))?$/.exec(url.pathname);
    if (!route) return json(res, 404, { error: { message: 'Unknown path components', type: 'OAuthException', code: 2500 } });
    const [, userId, edge] = route;
    const form = req.method === 'POST' ? new URLSearchParams(req.body) : new URLSearchParams();
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const token = form.get('access_token') ?? url.searchParams.get('access_token') ?? bearer;
    if (!this.accounts[userId] || this.accounts[userId] !== token) {
      return json(res, 400, { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190 } });
    }
    if (req.method === 'GET' && edge === undefined) return json(res, 200, { id: userId, username: 'prefet88' });
    if (req.method === 'POST' && edge === 'media') return this.container(res, userId, form);
    if (req.method === 'POST' && edge === 'media_publish') return this.publish(res, userId, form.get('creation_id') ?? '');
    if (req.method === 'GET' && edge === 'media') {
      const limit = Math.min(100, Number(url.searchParams.get('limit') ?? 25));
      const items = this.mediaOf(userId).slice(-limit).reverse();
      return json(res, 200, { data: items.map((m) => ({ id: m.id, caption: m.caption, permalink: `https://www.instagram.com/p/${m.id}/` })), paging: {} });
    }
    json(res, 400, { error: { message: `Unsupported ${req.method} request`, type: 'GraphMethodException', code: 100 } });
  }

  private async container(res: ServerResponse, userId: string, form: URLSearchParams): Promise<void> {
    const imageUrl = form.get('image_url');
    if (!imageUrl) return json(res, 400, { error: { message: 'The parameter image_url is required', type: 'OAuthException', code: 100 } });
    // Instagram fetches the image itself, from the address given: it must be public and a JPEG.
    let image: Buffer;
    try {
      const got = await fetch(imageUrl, { signal: AbortSignal.timeout(5000) });
      image = Buffer.from(await got.arrayBuffer());
      if (!got.ok) throw new Error(`HTTP ${got.status}`);
    } catch (e) {
      return json(res, 400, { error: { message: `Media download has failed: ${(e as Error).message}`, type: 'OAuthException', code: 9004, error_subcode: 2207052 } });
    }
    if (!isJpeg(image)) return json(res, 400, { error: { message: 'Only photo or video can be accepted as media type.', type: 'OAuthException', code: 9004, error_subcode: 2207026 } });
    const c: Container = { id: `1790${this.seq++}`, userId, caption: form.get('caption') ?? '', altText: form.get('alt_text') ?? '', imageUrl, image, published: false };
    this.containers.push(c);
    json(res, 200, { id: c.id });
  }

  private publish(res: ServerResponse, userId: string, creationId: string): void {
    const c = this.containers.find((x) => x.id === creationId && x.userId === userId);
    if (!c) return json(res, 400, { error: { message: 'Media ID is not available', type: 'OAuthException', code: 9007, error_subcode: 2207027 } });
    if (c.published) return json(res, 400, { error: { message: 'The media has already been published', type: 'OAuthException', code: 9007, error_subcode: 2207008 } });
    const failure = this.failures.take();
    if (failure?.kind === 'rate-limit') {
      const usage = { [userId]: [{ type: 'instagram', call_count: 100, total_cputime: 20, total_time: 30, estimated_time_to_regain_access: Math.ceil(failure.retryAfterSeconds / 60) }] };
      return json(res, 400, { error: { message: 'Application request limit reached', type: 'OAuthException', code: 4, is_transient: true } }, { 'X-Business-Use-Case-Usage': JSON.stringify(usage) });
    }
    if (failure?.kind === 'status' && !failure.publish)
      return json(res, failure.status, { error: { message: 'An unexpected error has occurred.', type: 'OAuthException', code: 2, is_transient: true } });
    c.published = true;
    const { published: _, ...content } = c;
    const m: InstagramMedia = { ...content, id: `1791${this.seq++}`, unanswered: failure?.kind === 'hang' };
    this.media.push(m);
    if (failure?.kind === 'hang') return this.hang(res);
    if (failure?.kind === 'status') return json(res, failure.status, { error: { message: 'An unexpected error has occurred.', type: 'OAuthException', code: 2, is_transient: true } });
    json(res, 200, { id: m.id });
  }
}
