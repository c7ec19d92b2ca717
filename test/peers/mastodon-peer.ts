import type { ServerResponse } from 'node:http';
import { formData, HttpPeer, isPng, json, SeenRequest } from './http-peer';
import { PostFailures } from './post-failures';

export interface MastodonMedia {
  id: string;
  accountId: string;
  description: string;
  bytes: Buffer;
  type: string;
}

export interface MastodonStatus {
  id: string;
  accountId: string;
  text: string;
  mediaIds: string[];
  idempotencyKey?: string;
  unanswered: boolean;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * Answers like a Mastodon instance for what the product uses: POST /api/v2/media (multipart:
 * file, description), POST /api/v1/statuses (JSON, with `Idempotency-Key`: a key already served
 * for the account gives back the same status, as Mastodon does), GET /api/v1/accounts/verify_credentials
 * and GET /api/v1/accounts/:id/statuses (content as HTML). `tokens`: bearer token → account id;
 * a wrong token gets 401. A rate limit is 429 with Retry-After and X-RateLimit-Reset.
 */
export class MastodonPeer extends HttpPeer {
  readonly media: MastodonMedia[] = [];
  readonly statuses: MastodonStatus[] = [];
  readonly failures = new PostFailures();
  private seq = 1;

  constructor(private readonly tokens: Record<string, string>) {
    super();
  }

  statusesOf(accountId: string): MastodonStatus[] {
    return this.statuses.filter((s) => s.accountId === accountId);
  }

  protected async handle(req: SeenRequest, res: ServerResponse): Promise<void> {
    const accountId = this.tokens[/^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1] ?? ''];
    if (!accountId) return json(res, 401, { error: 'The access token is invalid' });
    const url = new URL(req.path, 'http://mastodon');
    if (req.method === 'GET' && url.pathname === '/api/v1/accounts/verify_credentials') return json(res, 200, { id: accountId, username: `pref${accountId}`, acct: `pref${accountId}` });
    if (req.method === 'POST' && url.pathname === '/api/v2/media') return this.upload(req, res, accountId);
    if (req.method === 'POST' && url.pathname === '/api/v1/statuses') return this.post(req, res, accountId);
    const own = /^\/api\/v1\/accounts\/([^/]+)\/statuses$/.exec(url.pathname);
    if (req.method === 'GET' && own) {
      const limit = Math.min(40, Number(url.searchParams.get('limit') ?? 20));
      const items = this.statusesOf(own[1]).slice(-limit).reverse();
      return json(
        res,
        200,
        items.map((s) => this.view(s)),
      );
    }
    json(res, 404, { error: 'Record not found' });
  }

  private async upload(req: SeenRequest, res: ServerResponse, accountId: string): Promise<void> {
    const { fields, files } = formData(req);
    const file = files.file;
    if (!file || !isPng(file.bytes)) return json(res, 422, { error: 'Validation failed: File content type is invalid' });
    const m: MastodonMedia = { id: `1100${this.seq++}`, accountId, description: fields.description ?? '', bytes: file.bytes, type: file.type };
    this.media.push(m);
    json(res, 200, { id: m.id, type: 'image', url: `https://files.example/${m.id}.png`, description: m.description });
  }

  private post(req: SeenRequest, res: ServerResponse, accountId: string): void {
    const body = JSON.parse(req.body || '{}') as { status?: string; media_ids?: string[] };
    const key = req.headers['idempotency-key'] as string | undefined;
    const again = key ? this.statuses.find((s) => s.accountId === accountId && s.idempotencyKey === key) : undefined;
    if (again) return json(res, 200, this.view(again));
    const failure = this.failures.take();
    if (failure?.kind === 'rate-limit') {
      return json(
        res,
        429,
        { error: 'Too many requests' },
        {
          'Retry-After': String(failure.retryAfterSeconds),
          'X-RateLimit-Limit': '300',
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset': new Date(Date.now() + failure.retryAfterSeconds * 1000).toISOString(),
        },
      );
    }
    if (failure?.kind === 'status' && !failure.publish) return json(res, failure.status, { error: 'We are sorry, but something went wrong on our end.' });
    const mediaIds = body.media_ids ?? [];
    if (mediaIds.some((id) => !this.media.some((m) => m.id === id && m.accountId === accountId))) return json(res, 422, { error: 'Validation failed: media not found' });
    if (!body.status && mediaIds.length === 0) return json(res, 422, { error: "Validation failed: Text can't be blank" });
    const s: MastodonStatus = { id: `1101${this.seq++}`, accountId, text: body.status ?? '', mediaIds, idempotencyKey: key, unanswered: failure?.kind === 'hang' };
    this.statuses.push(s);
    if (failure?.kind === 'hang') return this.hang(res);
    if (failure?.kind === 'status') return json(res, failure.status, { error: 'We are sorry, but something went wrong on our end.' });
    json(res, 200, this.view(s));
  }

  private view(s: MastodonStatus) {
    return {
      id: s.id,
      url: `https://social.example/@pref${s.accountId}/${s.id}`,
      content: `<p>${escapeHtml(s.text).replace(/\n/g, '<br />')}</p>`,
      media_attachments: s.mediaIds.map((id) => ({ id, type: 'image', description: this.media.find((m) => m.id === id)?.description })),
    };
  }
}
