import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { HttpPeer, json, Knob, SeenRequest } from './http-peer';

export interface WebhookCall {
  body: Record<string, unknown>;
  raw: string;
  headers: SeenRequest['headers'];
}

/** A partner's endpoint that checks X-Crisis-Signature over the raw body; a bad one gets 401 and is counted. */
export class WebhookPeer extends HttpPeer {
  readonly calls: WebhookCall[] = [];
  readonly badSignatures: SeenRequest[] = [];
  private readonly failures = new Knob<number>();

  constructor(private readonly secret: string) {
    super();
  }

  /** The next `times` calls get `status`. */
  failNext(status: number, times = 1): void {
    this.failures.push(status, times);
  }

  protected handle(req: SeenRequest, res: ServerResponse): void {
    if (req.method !== 'POST') return json(res, 405, { message: 'POST only' });
    const expected = Buffer.from(`sha256=${createHmac('sha256', this.secret).update(req.body).digest('hex')}`);
    const given = Buffer.from(String(req.headers['x-crisis-signature'] ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      this.badSignatures.push(req);
      return json(res, 401, { message: 'bad signature' });
    }
    const status = this.failures.take();
    if (status) return json(res, status, { message: `injected ${status}` });
    this.calls.push({ body: JSON.parse(req.body) as Record<string, unknown>, raw: req.body, headers: req.headers });
    res.writeHead(204).end();
  }
}
