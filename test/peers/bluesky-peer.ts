import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { HttpPeer, isPng, json, SeenRequest } from './http-peer';
import { PostFailures } from './post-failures';

export interface BlueskyAccount {
  did: string;
  appPassword: string;
}

export interface BlueskyBlob {
  cid: string;
  did: string;
  mimeType: string;
  bytes: Buffer;
}

export interface BlueskyPost {
  uri: string;
  did: string;
  record: { text: string; langs?: string[]; facets?: unknown[]; embed?: { $type: string; images: { alt: string; image: { ref: { $link: string } }; aspectRatio?: unknown }[] } };
  unanswered: boolean;
}

const TID_CHARS = '234567abcdefghijklmnopqrstuvwxyz';

/**
 * Answers like an AT Protocol PDS for what the product uses: com.atproto.server.createSession
 * (handle + app password), com.atproto.repo.uploadBlob (raw bytes), com.atproto.repo.createRecord
 * (app.bsky.feed.post: text at most 300 graphemes, an image embed must name an uploaded blob and
 * carry its alt) and com.atproto.repo.listRecords. `accounts`: handle → DID and app password.
 * A rate limit is 429 with Retry-After and RateLimit-Reset; `expireNextToken` answers the next
 * authenticated call 400 ExpiredToken, as a PDS does when the access JWT has expired.
 */
export class BlueskyPeer extends HttpPeer {
  readonly blobs: BlueskyBlob[] = [];
  readonly posts: BlueskyPost[] = [];
  readonly failures = new PostFailures();
  sessionsCreated = 0;
  private readonly sessions = new Map<string, string>();
  private expireNext = false;
  private seq = 1;

  constructor(private readonly accounts: Record<string, BlueskyAccount>) {
    super();
  }

  postsOf(did: string): BlueskyPost[] {
    return this.posts.filter((p) => p.did === did);
  }

  expireNextToken(): void {
    this.expireNext = true;
  }

  protected handle(req: SeenRequest, res: ServerResponse): void {
    const url = new URL(req.path, 'http://pds');
    const method = url.pathname.replace(/^\/xrpc\//, '');
    if (req.method === 'POST' && method === 'com.atproto.server.createSession') return this.createSession(req, res);
    const jwt = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
    const did = this.sessions.get(jwt);
    if (!did) return json(res, 401, { error: 'AuthenticationRequired', message: 'Authentication Required' });
    if (this.expireNext) {
      this.expireNext = false;
      this.sessions.delete(jwt);
      return json(res, 400, { error: 'ExpiredToken', message: 'Token has expired' });
    }
    if (req.method === 'POST' && method === 'com.atproto.repo.uploadBlob') return this.uploadBlob(req, res, did);
    if (req.method === 'POST' && method === 'com.atproto.repo.createRecord') return this.createRecord(req, res, did);
    if (req.method === 'GET' && method === 'com.atproto.repo.listRecords') {
      const repo = url.searchParams.get('repo');
      const limit = Math.min(100, Number(url.searchParams.get('limit') ?? 50));
      const items = this.posts
        .filter((p) => p.did === repo && url.searchParams.get('collection') === 'app.bsky.feed.post')
        .slice(-limit)
        .reverse();
      return json(res, 200, { records: items.map((p) => ({ uri: p.uri, cid: cidOf(JSON.stringify(p.record)), value: p.record })) });
    }
    json(res, 501, { error: 'MethodNotImplemented', message: `Method Not Implemented: ${method}` });
  }

  private createSession(req: SeenRequest, res: ServerResponse): void {
    const { identifier, password } = JSON.parse(req.body || '{}') as { identifier?: string; password?: string };
    const account = identifier ? this.accounts[identifier] : undefined;
    if (!account || account.appPassword !== password) return json(res, 401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' });
    const accessJwt = `jwt-${this.seq++}-${account.did}`;
    this.sessions.set(accessJwt, account.did);
    this.sessionsCreated++;
    json(res, 200, { accessJwt, refreshJwt: `refresh-${accessJwt}`, did: account.did, handle: identifier, active: true });
  }

  private uploadBlob(req: SeenRequest, res: ServerResponse, did: string): void {
    const mimeType = String(req.headers['content-type'] ?? '');
    if (!req.raw.length) return json(res, 400, { error: 'InvalidRequest', message: 'request body is empty' });
    if (mimeType === 'image/png' && !isPng(req.raw)) return json(res, 400, { error: 'InvalidRequest', message: 'blob is not a PNG' });
    const blob: BlueskyBlob = { cid: cidOf(req.raw), did, mimeType, bytes: req.raw };
    this.blobs.push(blob);
    json(res, 200, { blob: { $type: 'blob', ref: { $link: blob.cid }, mimeType, size: req.raw.length } });
  }

  private createRecord(req: SeenRequest, res: ServerResponse, did: string): void {
    const body = JSON.parse(req.body || '{}') as { repo?: string; collection?: string; record?: BlueskyPost['record'] };
    if (body.repo !== did) return json(res, 400, { error: 'InvalidRequest', message: 'Invalid repo' });
    if (body.collection !== 'app.bsky.feed.post' || !body.record) return json(res, 400, { error: 'InvalidRequest', message: 'Invalid collection' });
    const text = body.record.text ?? '';
    if ([...new Intl.Segmenter('fr', { granularity: 'grapheme' }).segment(text)].length > 300)
      return json(res, 400, { error: 'InvalidRequest', message: 'Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes' });
    for (const image of body.record.embed?.images ?? []) {
      if (!this.blobs.some((b) => b.cid === image.image?.ref?.$link && b.did === did)) return json(res, 400, { error: 'InvalidRequest', message: 'Could not find blob' });
      if (typeof image.alt !== 'string') return json(res, 400, { error: 'InvalidRequest', message: 'Invalid app.bsky.feed.post record: Record/embed/images/0 must have the property "alt"' });
    }
    const failure = this.failures.take();
    if (failure?.kind === 'rate-limit') {
      const reset = Math.ceil(Date.now() / 1000) + failure.retryAfterSeconds;
      return json(
        res,
        429,
        { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
        { 'Retry-After': String(failure.retryAfterSeconds), 'RateLimit-Limit': '5000', 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(reset) },
      );
    }
    if (failure?.kind === 'status' && !failure.publish) return json(res, failure.status, { error: 'InternalServerError', message: 'Internal Server Error' });
    const post: BlueskyPost = { uri: `at://${did}/app.bsky.feed.post/${tid(this.seq++)}`, did, record: body.record, unanswered: failure?.kind === 'hang' };
    this.posts.push(post);
    if (failure?.kind === 'hang') return this.hang(res);
    if (failure?.kind === 'status') return json(res, failure.status, { error: 'InternalServerError', message: 'Internal Server Error' });
    json(res, 200, { uri: post.uri, cid: cidOf(JSON.stringify(post.record)), validationStatus: 'valid' });
  }
}

/** A record key in the TID form (13 base32-sortable characters). */
function tid(n: number): string {
  let v = BigInt(Date.now()) * 1000n * 1024n + BigInt(n);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = TID_CHARS[Number(v & 31n)] + out;
    v >>= 5n;
  }
  return out;
}

/** Stands for a CID: a content hash in base32, enough for a peer. */
function cidOf(data: Buffer | string): string {
  return `bafkrei${createHash('sha256').update(data).digest('hex').slice(0, 52)}`;
}
