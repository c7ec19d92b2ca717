import { createHash } from 'node:crypto';
import type { ChannelsConfig } from '../../config/channels-config';
import type { CredentialVerdict } from '../../domain/channels/credential-check.policy';
import { type ChannelAdapter, type ChannelStatus, type OutboundMessage, type SendOutcome, SMS_BATCH_TAG } from './channel-adapter.types';
import { clip, hostOf, httpCall, retryAfter } from './channel-http';

type SmsConfig = NonNullable<ChannelsConfig['sms']>;

const E164 = /^\+[1-9]\d{7,14}$/;

/** OVHcloud's request signature: "$1$" + SHA-1 of secret, consumer key, method, full URL, body and timestamp. */
function ovhSignature(appSecret: string, consumerKey: string, method: string, fullUrl: string, body: string, timestamp: string): string {
  return `$1$${createHash('sha1').update([appSecret, consumerKey, method, fullUrl, body, timestamp].join('+')).digest('hex')}`;
}

interface JobAnswer {
  ids?: (string | number)[];
  validReceivers?: string[];
  invalidReceivers?: string[];
  totalCreditsRemoved?: number;
}

/** Receivers per job: the gateway takes many numbers in one request; a national alert is 35,000 of them. */
export const SMS_BATCH_MAX = 200;

/**
 * SMS through an OVHcloud-style jobs API. One message: one job whose tag is the
 * delivery id. A batch (sendBatch): one job per text with up to SMS_BATCH_MAX
 * receivers, as the gateway allows; its answer gives one id per valid receiver
 * (in the order of validReceivers) and lists the invalid ones, so each
 * recipient gets its own outcome, and its id is its proof (delivery reports
 * name it). SMS is at-least-once: a timeout is temporary.
 */
export class SmsAdapter implements ChannelAdapter {
  readonly channel = 'sms' as const;
  private readonly jobsUrl: string;
  private readonly serviceUrl: string;

  constructor(
    private readonly config: SmsConfig,
    private readonly timeoutMs: number,
  ) {
    this.serviceUrl = `${config.baseUrl}/sms/${encodeURIComponent(config.serviceName)}`;
    this.jobsUrl = `${this.serviceUrl}/jobs`;
  }

  status(): ChannelStatus {
    return { channel: 'sms', mode: 'live', target: hostOf(this.config.baseUrl) };
  }

  /** GET /sms/{serviceName} (the account and its credits), signed like a send: reads, sends nothing. */
  async checkCredentials(): Promise<CredentialVerdict> {
    const answer = await httpCall(this.serviceUrl, { method: 'GET', headers: this.signedHeaders('GET', this.serviceUrl, '') }, this.timeoutMs);
    if (!answer.ok) return { status: 'unreachable', reason: `SMS gateway: ${answer.reason}` };
    const said = clip(gatewayMessage(answer.json) ?? answer.text, 200);
    if (answer.status >= 200 && answer.status < 300) {
      const credits = (answer.json as { creditsLeft?: unknown } | undefined)?.creditsLeft;
      return typeof credits === 'number' ? { status: 'ok', reason: `${credits} credits left` } : { status: 'ok' };
    }
    if (answer.status === 401 || answer.status === 403) {
      return { status: 'refused', reason: `SMS gateway refused our credentials (check SMS_APP_KEY, SMS_APP_SECRET, SMS_CONSUMER_KEY): ${said}` };
    }
    if (answer.status === 404) return { status: 'refused', reason: `the SMS gateway does not know this account (check SMS_SERVICE_NAME): ${said}` };
    return { status: 'unreachable', reason: `SMS gateway answered ${answer.status}: ${said}` };
  }

  async send(m: OutboundMessage): Promise<SendOutcome> {
    return (await this.sendBatch([m]))[0];
  }

  /**
   * Each message's outcome, in order. Messages of one text go out together, at
   * most SMS_BATCH_MAX receivers and each number once per job (the answer is
   * matched by number); a number that is not E.164 never reaches the gateway.
   * A failure of the request (timeout, 429, 5xx, credits) is every message's
   * of that job.
   */
  async sendBatch(messages: OutboundMessage[]): Promise<SendOutcome[]> {
    const outcomes = new Array<SendOutcome>(messages.length);
    const jobs: { text: string; batch?: string; at: number[]; numbers: Set<string> }[] = [];
    messages.forEach((m, i) => {
      if (!m.to || !E164.test(m.to)) {
        outcomes[i] = { kind: 'permanent', reason: 'no valid mobile number (E.164) for this recipient', failure: { via: 'recipient-invalid' } };
        return;
      }
      let job = jobs.find((j) => j.text === m.text && j.batch === m.batch && j.at.length < SMS_BATCH_MAX && !j.numbers.has(m.to!));
      if (!job) jobs.push((job = { text: m.text, batch: m.batch, at: [], numbers: new Set() }));
      job.at.push(i);
      job.numbers.add(m.to);
    });
    await Promise.all(
      jobs.map(async (job) => {
        const sent = await this.job(job.at.map((i) => messages[i]));
        job.at.forEach((i, k) => (outcomes[i] = sent[k]));
      }),
    );
    return outcomes;
  }

  /** One job for messages of one text to distinct numbers. */
  private async job(ms: OutboundMessage[]): Promise<SendOutcome[]> {
    const receivers = ms.map((m) => m.to!);
    const body = JSON.stringify({
      message: ms[0].text,
      receivers,
      sender: this.config.sender,
      noStopClause: true,
      priority: 'high',
      // A job of one keeps its delivery id as tag (the report names it); a batch's reports are tied by their job id,
      // and its tag names the claimed batch (a report may come back before the batch's outcomes are recorded).
      tag: ms.length === 1 ? ms[0].reference.slice(0, 128) : `${SMS_BATCH_TAG}${ms[0].batch ?? ms[0].reference}`.slice(0, 128),
    });
    const answer = await httpCall(
      this.jobsUrl,
      {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json', ...this.signedHeaders('POST', this.jobsUrl, body) },
      },
      this.timeoutMs,
    );
    const all = (o: SendOutcome) => ms.map(() => o);
    if (!answer.ok) return all({ kind: 'temporary', reason: `SMS gateway: ${answer.reason}`, failure: { via: 'connection', failure: answer.failure } });
    const said = clip(gatewayMessage(answer.json) ?? answer.text);
    const http = { via: 'http', status: answer.status } as const;
    if (answer.status >= 200 && answer.status < 300) {
      const job = (answer.json ?? {}) as JobAnswer;
      // Each id belongs to the valid receiver at its place; a gateway that lists no receivers gave its ids in our order.
      const valid = job.validReceivers ?? (job.ids?.length === receivers.length ? receivers : []);
      const ids = new Map(valid.map((r, i) => [r, job.ids?.[i]]));
      return receivers.map((to): SendOutcome => {
        const id = ids.get(to);
        if (job.invalidReceivers?.includes(to) || id === undefined) return { kind: 'permanent', reason: 'the SMS gateway refused the number as invalid', failure: { via: 'recipient-invalid' } };
        const proof: Record<string, string> = { jobId: String(id) };
        // Credits are the job's: each recipient of a batch costs its share (one per SMS part), shown for a job of one as before.
        if (job.totalCreditsRemoved !== undefined && ms.length === 1) proof.creditsRemoved = String(job.totalCreditsRemoved);
        return { kind: 'sent', proof };
      });
    }
    // Out of credits: temporary, so that the messages go out as soon as someone buys credits; failing them
    // would silently drop the elected officials' SMS in the middle of a crisis. The reason says what to do.
    if ((answer.status === 402 || answer.status === 403) && /credit/i.test(said)) {
      return all({ kind: 'temporary', reason: `SMS credits exhausted: buy credits on the SMS account (${said})`, failure: { ...http, credits: true } });
    }
    // Refused credentials are this instance's configuration, not the message: keep the SMS queued until it is fixed.
    if (answer.status === 401 || answer.status === 403) {
      return all({ kind: 'temporary', reason: `SMS gateway refused our credentials (check SMS_APP_KEY, SMS_APP_SECRET, SMS_CONSUMER_KEY): ${said}`, failure: http });
    }
    if (answer.status === 429 || answer.status >= 500) {
      return all({ kind: 'temporary', reason: `SMS gateway answered ${answer.status}: ${said}`, retryAt: retryAfter(answer.headers), failure: http });
    }
    return all({ kind: 'permanent', reason: `SMS gateway answered ${answer.status}: ${said}`, failure: http });
  }

  private signedHeaders(method: string, url: string, body: string): Record<string, string> {
    // The gateway's clock decides validity; the servers are NTP-synchronised, so the local second is close enough.
    const timestamp = String(Math.floor(Date.now() / 1000));
    return {
      'X-Ovh-Application': this.config.appKey,
      'X-Ovh-Consumer': this.config.consumerKey,
      'X-Ovh-Timestamp': timestamp,
      'X-Ovh-Signature': ovhSignature(this.config.appSecret, this.config.consumerKey, method, url, body, timestamp),
    };
  }
}

function gatewayMessage(json: unknown): string | undefined {
  const message = (json as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}
