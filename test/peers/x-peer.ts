import type { ServerResponse } from 'node:http';
import { formData, HttpPeer, json, Knob, SeenRequest } from './http-peer';

export interface XPost {
  id: string;
  text: string;
  userId: string;
  /** The client got no answer for it (hangNext). */
  unanswered: boolean;
  /** Media attached with `media.media_ids`. */
  mediaIds?: string[];
}

/** An image uploaded through the v2 media upload (initialize, append, finalize) and its alt text (media metadata). */
export interface XMedia {
  id: string;
  userId: string;
  mediaType: string;
  totalBytes: number;
  bytes: Buffer;
  finalized: boolean;
  altText?: string;
}

type Failure = { kind: 'rate-limit'; reset: number } | { kind: 'status'; status: number; publish: boolean } | { kind: 'hang' };

/**
 * Answers like X's API v2 for what the product uses: POST /2/tweets,
 * GET /2/users/:id/tweets and GET /2/users/me, with OAuth 1.0a user context. The
 * access token in the OAuth header says which account posts (`accounts`: token →
 * user id); an unknown (or revoked) token gets 401.
 */
export class XPeer extends HttpPeer {
  readonly posts: XPost[] = [];
  readonly media: XMedia[] = [];
  private readonly failures = new Knob<Failure>();
  private nextId = 1_860_000_000_000_000_000n;

  constructor(private readonly accounts: Record<string, string>) {
    super();
  }

  /** The provider revokes a token (or a person regenerated it on developer.x.com): it gets 401 from now on. */
  revoke(token: string): void {
    delete this.accounts[token];
  }

  /** The token works (again) for `userId`. */
  grant(token: string, userId: string): void {
    this.accounts[token] = userId;
  }

  postsOf(userId: string): XPost[] {
    return this.posts.filter((p) => p.userId === userId);
  }

  /** The next `times` posts get 429 with `x-rate-limit-reset` = resetEpochSeconds. */
  rateLimitNext(resetEpochSeconds: number, times = 1): void {
    this.failures.push({ kind: 'rate-limit', reset: resetEpochSeconds }, times);
  }

  /** The next post is stored (published) but never answered: the client can only time out. */
  hangNext(times = 1): void {
    this.failures.push({ kind: 'hang' }, times);
  }

  /** The next post gets `status`; with `publish`, X published it anyway (what makes a 5xx unknown). */
  failNext(status: number, opts: { publish?: boolean; times?: number } = {}): void {
    this.failures.push({ kind: 'status', status, publish: opts.publish ?? false }, opts.times ?? 1);
  }

  protected handle(req: SeenRequest, res: ServerResponse): void | Promise<void> {
    const userId = this.userOf(req);
    if (!userId) return json(res, 401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
    const path = req.path.split('?')[0];
    if (req.method === 'POST' && path === '/2/tweets') return this.post(req, res, userId);
    if (req.method === 'POST' && path.startsWith('/2/media/')) return this.mediaUpload(req, res, userId, path);
    if (req.method === 'GET' && path === '/2/users/me') return json(res, 200, { data: { id: userId, name: 'Préfet des Vosges', username: `pref${userId.slice(-4)}` } });
    const timeline = /^\/2\/users\/(\d+)\/tweets$/.exec(path);
    if (req.method === 'GET' && timeline) return this.timeline(req, res, timeline[1]);
    json(res, 404, { title: 'Not Found Error', type: 'https://api.twitter.com/2/problems/resource-not-found', detail: `no route ${req.method} ${path}` });
  }

  /** POST /2/media/upload/initialize, /2/media/upload/:id/append (multipart), /2/media/upload/:id/finalize, /2/media/metadata. */
  private async mediaUpload(req: SeenRequest, res: ServerResponse, userId: string, path: string): Promise<void> {
    if (path === '/2/media/upload/initialize') {
      const body = JSON.parse(req.body || '{}') as { media_type?: string; total_bytes?: number };
      if (!body.media_type || !body.total_bytes) return json(res, 400, { title: 'Invalid Request', detail: 'media_type and total_bytes are required', type: 'about:blank', status: 400 });
      const m: XMedia = { id: String(this.nextId++), userId, mediaType: body.media_type, totalBytes: body.total_bytes, bytes: Buffer.alloc(0), finalized: false };
      this.media.push(m);
      return json(res, 200, { data: { id: m.id, media_key: `3_${m.id}`, expires_after_secs: 86400 } });
    }
    if (path === '/2/media/metadata') {
      const body = JSON.parse(req.body || '{}') as { id?: string; metadata?: { alt_text?: { text?: string } } };
      const m = this.media.find((x) => x.id === body.id && x.userId === userId && x.finalized);
      if (!m) return json(res, 400, { title: 'Invalid Request', detail: 'unknown media id', type: 'about:blank', status: 400 });
      m.altText = body.metadata?.alt_text?.text;
      return json(res, 200, { data: { id: m.id, associated_metadata: { alt_text: { text: m.altText } } } });
    }
    const step = /^\/2\/media\/upload\/(\d+)\/(append|finalize)$/.exec(path);
    const m = step ? this.media.find((x) => x.id === step[1] && x.userId === userId) : undefined;
    if (!step || !m) return json(res, 404, { title: 'Not Found Error', detail: `no media upload at ${path}`, type: 'about:blank' });
    if (step[2] === 'append') {
      const { files } = formData(req);
      if (!files.media) return json(res, 400, { title: 'Invalid Request', detail: 'media is required', type: 'about:blank', status: 400 });
      m.bytes = Buffer.concat([m.bytes, files.media.bytes]);
      return json(res, 200, { data: { expires_at: Math.floor(Date.now() / 1000) + 86400 } });
    }
    if (m.bytes.length !== m.totalBytes) return json(res, 400, { title: 'Invalid Request', detail: `got ${m.bytes.length} bytes of ${m.totalBytes}`, type: 'about:blank', status: 400 });
    m.finalized = true;
    json(res, 200, { data: { id: m.id, media_key: `3_${m.id}`, size: m.totalBytes, expires_after_secs: 86400 } });
  }

  private post(req: SeenRequest, res: ServerResponse, userId: string): void {
    let text: string;
    let mediaIds: string[] | undefined;
    try {
      const body = JSON.parse(req.body) as { text?: unknown; media?: { media_ids?: string[] } };
      text = String(body.text ?? '');
      mediaIds = body.media?.media_ids;
    } catch {
      return json(res, 400, { title: 'Invalid Request', detail: 'body is not JSON', type: 'about:blank', status: 400 });
    }
    const failure = this.failures.take();
    if (failure?.kind === 'rate-limit') {
      return json(
        res,
        429,
        { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
        {
          'x-rate-limit-limit': '100',
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': String(failure.reset),
        },
      );
    }
    // As X does: the same account cannot post the same text twice.
    if (this.postsOf(userId).some((p) => p.text === text)) {
      return json(res, 403, { detail: 'You are not allowed to create a Tweet with duplicate content.', type: 'about:blank', title: 'Forbidden', status: 403 });
    }
    if (failure?.kind === 'status' && !failure.publish) {
      return json(res, failure.status, { title: 'Error', detail: `injected ${failure.status}`, type: 'about:blank', status: failure.status });
    }
    if (mediaIds?.some((id) => !this.media.some((m) => m.id === id && m.userId === userId && m.finalized))) {
      return json(res, 400, { title: 'Invalid Request', detail: 'Your media IDs are invalid.', type: 'about:blank', status: 400 });
    }
    const post: XPost = { id: String(this.nextId++), text, userId, unanswered: failure?.kind === 'hang', ...(mediaIds ? { mediaIds } : {}) };
    this.posts.push(post);
    if (failure?.kind === 'hang') return this.hang(res);
    if (failure?.kind === 'status') return json(res, failure.status, { title: 'Error', detail: `injected ${failure.status}`, type: 'about:blank', status: failure.status });
    json(res, 201, { data: { id: post.id, text: post.text, edit_history_tweet_ids: [post.id] } });
  }

  private timeline(req: SeenRequest, res: ServerResponse, userId: string): void {
    const max = Math.min(100, Math.max(5, Number(new URL(req.path, 'http://x').searchParams.get('max_results') ?? 10)));
    const posts = this.postsOf(userId).slice(-max).reverse();
    json(res, 200, {
      ...(posts.length ? { data: posts.map((p) => ({ id: p.id, text: p.text, edit_history_tweet_ids: [p.id] })) } : {}),
      meta: posts.length ? { result_count: posts.length, newest_id: posts[0].id, oldest_id: posts[posts.length - 1].id } : { result_count: 0 },
    });
  }

  private userOf(req: SeenRequest): string | undefined {
    const auth = String(req.headers.authorization ?? '');
    if (!auth.startsWith('OAuth ') || !/oauth_signature="/.test(auth)) return undefined;
    const token = /oauth_token="([^"]*)"/.exec(auth)?.[1];
    return token ? this.accounts[decodeURIComponent(token)] : undefined;
  }
}
