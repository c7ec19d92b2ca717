import { createHash, createHmac } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { HttpPeer, json, Knob, SeenRequest } from './http-peer';

export interface SmsJob {
  id: number;
  serviceName: string;
  message: string;
  receivers: string[];
  sender: string;
  tag?: string;
  noStopClause?: boolean;
  priority?: string;
  /** Which request created it: a request with many receivers creates one job per receiver, as the gateway answers. */
  request: number;
}

export interface SmsAccount {
  serviceName: string;
  appKey: string;
  appSecret: string;
  consumerKey: string;
}

type Failure = { status: number; retryAfter?: number } | { hang: true } | { garbled: unknown };

/**
 * Answers like OVHcloud's SMS jobs API: POST {prefix}/sms/{serviceName}/jobs
 * (one request, many receivers: one id per valid receiver, in the order of
 * validReceivers, and the invalid ones listed; a delivery report per receiver
 * names its id, the job's tag and the number),
 * and GET {prefix}/sms/{serviceName} (the account and its credits, what the
 * credential check reads), each request signed with the application secret and
 * consumer key. A wrong signature gets 403 as OVH answers it, and is counted.
 */
export class SmsPeer extends HttpPeer {
  readonly jobs: SmsJob[] = [];
  readonly badSignatures: SeenRequest[] = [];
  /** Numbers the gateway will list in invalidReceivers. */
  readonly invalidNumbers = new Set<string>();
  /** Undefined: unlimited. Each valid receiver costs one credit. */
  credits?: number;
  /** 402 or 403: how this gateway says "no credits". */
  outOfCreditsStatus = 403;
  /**
   * Where this gateway posts its delivery reports (the account's DLR address, set in its console), signed
   * with X-Sms-Signature: sha256=HMAC(secret, body). Undefined: no reports.
   */
  receipts?: { url: string; secret: string };
  /** Number → the report's status (`delivered` when absent; `failed`, `expired`, `buffered`…). */
  readonly reportStatus = new Map<string, string>();
  /** Each report posted and what the product answered. */
  readonly reportsSent: { tag?: string; receiver: string; status: string; answer: number; body: string }[] = [];
  private readonly failures = new Knob<Failure>();
  private nextId = 361_000_000;

  constructor(private readonly account: SmsAccount) {
    super();
  }

  /** The next `times` jobs get `status` (5xx or 429, with Retry-After seconds if given). */
  failNext(status: number, opts: { times?: number; retryAfter?: number } = {}): void {
    this.failures.push({ status, retryAfter: opts.retryAfter }, opts.times ?? 1);
  }

  /** The next job request gets no answer at all (the client times out); nothing is sent. */
  hangNext(): void {
    this.failures.push({ hang: true });
  }

  /** The next job request gets 200 with this body instead of the job (a gateway's bug); nothing is sent. */
  garbleNext(body: unknown): void {
    this.failures.push({ garbled: body });
  }

  /** Requests that created jobs (one per batch, whatever its number of receivers). */
  get jobRequests(): number {
    return new Set(this.jobs.map((j) => j.request)).size;
  }

  protected handle(req: SeenRequest, res: ServerResponse): void {
    const path = req.path.split('?')[0];
    const route = /^(?:\/[^/]+)*?\/sms\/([^/]+)\/jobs$/.exec(path);
    const account = /^(?:\/[^/]+)*?\/sms\/([^/]+)$/.exec(path);
    if (!(req.method === 'POST' && route) && !(req.method === 'GET' && account)) return json(res, 404, { message: `Got an invalid (or empty) URL: ${req.path}` });
    if (req.headers['x-ovh-application'] !== this.account.appKey) return json(res, 403, { errorCode: 'INVALID_CREDENTIAL', message: 'Invalid application key' });
    if (req.headers['x-ovh-consumer'] !== this.account.consumerKey) return json(res, 403, { errorCode: 'INVALID_CREDENTIAL', message: 'This credential does not exist' });
    const timestamp = String(req.headers['x-ovh-timestamp'] ?? '');
    const fullUrl = `${this.url}${req.path}`;
    const expected = '$1$' + createHash('sha1').update([this.account.appSecret, this.account.consumerKey, req.method, fullUrl, req.body, timestamp].join('+')).digest('hex');
    if (req.headers['x-ovh-signature'] !== expected || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) {
      this.badSignatures.push(req);
      return json(res, 403, { errorCode: 'INVALID_SIGNATURE', message: 'Invalid signature' });
    }
    if (decodeURIComponent((route ?? account)![1]) !== this.account.serviceName) return json(res, 404, { message: `This service does not exist` });
    if (!route) return json(res, 200, { name: this.account.serviceName, description: 'Préfecture', status: 'enable', creditsLeft: this.credits ?? 1000 });
    const failure = this.failures.take();
    if (failure && 'hang' in failure) return this.hang(res);
    if (failure && 'garbled' in failure) return json(res, 200, failure.garbled);
    if (failure) return json(res, failure.status, { message: `injected ${failure.status}` }, failure.retryAfter ? { 'Retry-After': String(failure.retryAfter) } : {});

    const body = JSON.parse(req.body) as Omit<SmsJob, 'id' | 'serviceName' | 'request'>;
    const receivers = body.receivers ?? [];
    const invalid = receivers.filter((r) => !/^\+\d{8,15}$/.test(r) || this.invalidNumbers.has(r));
    const valid = receivers.filter((r) => !invalid.includes(r));
    if (this.credits !== undefined && valid.length > this.credits) {
      return json(res, this.outOfCreditsStatus, { message: 'Not enough credits to send this message' });
    }
    if (this.credits !== undefined) this.credits -= valid.length;
    const ids = valid.map(() => this.nextId++);
    const request = this.requests.indexOf(req);
    ids.forEach((id, i) => this.jobs.push({ ...body, id, serviceName: route[1], receivers: [valid[i]], request }));
    // The operator's report comes later, as a callback of its own.
    ids.forEach((id, i) => setTimeout(() => void this.report(id, valid[i], body.tag), 20));
    json(res, 200, { totalCreditsRemoved: valid.length, invalidReceivers: invalid, ids, validReceivers: valid, tag: body.tag });
  }

  private async report(id: number, receiver: string, tag?: string): Promise<void> {
    if (!this.receipts) return;
    const status = this.reportStatus.get(receiver) ?? 'delivered';
    const body = JSON.stringify({ id: String(id), tag, receiver, status, description: status === 'delivered' ? 'Message remis' : 'Message non remis', date: new Date().toISOString() });
    const signature = `sha256=${createHmac('sha256', this.receipts.secret).update(body).digest('hex')}`;
    // Like a gateway's callbacks: a 5xx is tried again a little later, a few times; any other answer is final.
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await fetch(this.receipts.url, { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'X-Sms-Signature': signature } });
        const text = await res.text();
        if (res.status >= 500 && attempt < 20) {
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        this.reportsSent.push({ tag, receiver, status, answer: res.status, body: text });
      } catch (e) {
        this.reportsSent.push({ tag, receiver, status, answer: 0, body: String(e) });
      }
      return;
    }
  }
}
