import type { ServerResponse } from 'node:http';
import { formData, HttpPeer, isPng, json, Knob, SeenRequest } from './http-peer';

export interface FacebookPost {
  id: string;
  pageId: string;
  message: string;
  unanswered: boolean;
  /** A photo post: the image the page received and its alt text. */
  photo?: { bytes: Buffer; altText?: string };
}

type Failure = { kind: 'throttle'; code: number; status: number } | { kind: 'status'; status: number; publish: boolean } | { kind: 'hang' };

/**
 * Answers like the Graph API for a page: POST /{page}/feed, GET /{page}/posts
 * and GET /{page}?fields=id,name (what the credential check reads), with or
 * without a version prefix (/v21.0/...). `pages`: page id → page token; a wrong
 * token gets 400 OAuthException code 190.
 */
export class FacebookPeer extends HttpPeer {
  readonly posts: FacebookPost[] = [];
  private readonly failures = new Knob<Failure>();
  private seq = 1;

  constructor(private readonly pages: Record<string, string>) {
    super();
  }

  postsOf(pageId: string): FacebookPost[] {
    return this.posts.filter((p) => p.pageId === pageId);
  }

  /** Graph throttling (code 4, 17, 32, 613 or 80001), as HTTP 400 by default. */
  throttleNext(code = 32, opts: { status?: number; times?: number } = {}): void {
    this.failures.push({ kind: 'throttle', code, status: opts.status ?? 400 }, opts.times ?? 1);
  }

  /** The next post gets `status`; with `publish`, the page got it anyway (why a 5xx is unknown). */
  failNext(status = 500, opts: { publish?: boolean; times?: number } = {}): void {
    this.failures.push({ kind: 'status', status, publish: opts.publish ?? false }, opts.times ?? 1);
  }

  /** The next post is published but never answered. */
  hangNext(times = 1): void {
    this.failures.push({ kind: 'hang' }, times);
  }

  protected async handle(req: SeenRequest, res: ServerResponse): Promise<void> {
    const url = new URL(req.path, 'http://graph');
    const route = /^(?:\/v\d+\.\d+)?\/([^/]+)(?:\/(feed|posts|photos))?$/.exec(url.pathname);
    if (!route) return json(res, 404, { error: { message: 'Unknown path components', type: 'OAuthException', code: 2500 } });
    const [, pageId, edge] = route;
    const multipart = String(req.headers['content-type'] ?? '').startsWith('multipart/form-data') ? formData(req) : undefined;
    const form = multipart ? new URLSearchParams(multipart.fields) : req.method === 'POST' ? parseBody(req) : new URLSearchParams();
    const bearer = /^(?:Bearer|OAuth) (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const token = form.get('access_token') ?? url.searchParams.get('access_token') ?? bearer;
    if (!this.pages[pageId] || this.pages[pageId] !== token) {
      return json(res, 400, { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: 'peer' } });
    }
    if (req.method === 'GET' && edge === undefined) return json(res, 200, { id: pageId, name: 'Préfecture des Vosges' });
    if (req.method === 'POST' && edge === 'feed') return this.publish(res, pageId, form.get('message') ?? '');
    if (req.method === 'POST' && edge === 'photos') {
      const source = multipart?.files.source;
      if (!source || !isPng(source.bytes)) return json(res, 400, { error: { message: '(#324) Requires upload file', type: 'OAuthException', code: 324 } });
      return this.publish(res, pageId, form.get('message') ?? '', { bytes: source.bytes, altText: form.get('alt_text_custom') ?? undefined });
    }
    if (req.method === 'GET' && edge === 'posts') {
      const limit = Math.min(100, Number(url.searchParams.get('limit') ?? 25));
      const posts = this.postsOf(pageId).slice(-limit).reverse();
      return json(res, 200, { data: posts.map((p) => ({ id: p.id, message: p.message, permalink_url: `https://www.facebook.com/${p.id}` })), paging: {} });
    }
    json(res, 400, { error: { message: `Unsupported ${req.method} request`, type: 'GraphMethodException', code: 100 } });
  }

  private publish(res: ServerResponse, pageId: string, message: string, photo?: FacebookPost['photo']): void {
    if (!message && !photo) return json(res, 400, { error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100 } });
    const failure = this.failures.take();
    if (failure?.kind === 'throttle') {
      return json(res, failure.status, { error: { message: '(#32) Page request limit reached', type: 'OAuthException', code: failure.code, fbtrace_id: 'peer' } });
    }
    if (failure?.kind === 'status' && !failure.publish)
      return json(res, failure.status, { error: { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code: 2, is_transient: true } });
    const post: FacebookPost = { id: `${pageId}_${1000 + this.seq++}`, pageId, message, unanswered: failure?.kind === 'hang', ...(photo ? { photo } : {}) };
    this.posts.push(post);
    if (failure?.kind === 'hang') return this.hang(res);
    if (failure?.kind === 'status')
      return json(res, failure.status, { error: { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code: 2, is_transient: true } });
    // A photo answers its own id and the id of the feed post that shows it.
    json(res, 200, photo ? { id: `${2000 + this.seq++}`, post_id: post.id } : { id: post.id });
  }
}

function parseBody(req: SeenRequest): URLSearchParams {
  if (String(req.headers['content-type'] ?? '').includes('application/json')) {
    const body = JSON.parse(req.body || '{}') as Record<string, string>;
    return new URLSearchParams(body);
  }
  return new URLSearchParams(req.body);
}
