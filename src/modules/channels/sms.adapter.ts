import { createHash } from 'node:crypto';
import type { ChannelsConfig } from '../../config/channels-config';
import type { CredentialVerdict } from '../../domain/channels/credential-check.policy';
import type { ChannelAdapter, ChannelStatus, OutboundMessage, SendOutcome } from './channel-adapter.types';
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

/**
 * SMS through an OVHcloud-style jobs API, one job per recipient (the job id is
 * the proof for that recipient). SMS is at-least-once: a timeout is temporary.
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
    if (!m.to || !E164.test(m.to)) return { kind: 'permanent', reason: 'no valid mobile number (E.164) for this recipient', failure: { via: 'recipient-invalid' } };
    const body = JSON.stringify({
      message: m.text,
      receivers: [m.to],
      sender: this.config.sender,
      noStopClause: true,
      priority: 'high',
      tag: m.reference.slice(0, 128),
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
    if (!answer.ok) return { kind: 'temporary', reason: `SMS gateway: ${answer.reason}`, failure: { via: 'connection', failure: answer.failure } };
    const said = clip(gatewayMessage(answer.json) ?? answer.text);
    const http = { via: 'http', status: answer.status } as const;
    if (answer.status >= 200 && answer.status < 300) {
      const job = (answer.json ?? {}) as JobAnswer;
      if (job.invalidReceivers?.includes(m.to) || !job.ids?.length) return { kind: 'permanent', reason: 'the SMS gateway refused the number as invalid', failure: { via: 'recipient-invalid' } };
      const proof: Record<string, string> = { jobId: String(job.ids[0]) };
      if (job.totalCreditsRemoved !== undefined) proof.creditsRemoved = String(job.totalCreditsRemoved);
      return { kind: 'sent', proof };
    }
    // Out of credits: temporary, so that the messages go out as soon as someone buys credits; failing them
    // would silently drop the elected officials' SMS in the middle of a crisis. The reason says what to do.
    if ((answer.status === 402 || answer.status === 403) && /credit/i.test(said)) {
      return { kind: 'temporary', reason: `SMS credits exhausted: buy credits on the SMS account (${said})`, failure: { ...http, credits: true } };
    }
    // Refused credentials are this instance's configuration, not the message: keep the SMS queued until it is fixed.
    if (answer.status === 401 || answer.status === 403) {
      return { kind: 'temporary', reason: `SMS gateway refused our credentials (check SMS_APP_KEY, SMS_APP_SECRET, SMS_CONSUMER_KEY): ${said}`, failure: http };
    }
    if (answer.status === 429 || answer.status >= 500) {
      return { kind: 'temporary', reason: `SMS gateway answered ${answer.status}: ${said}`, retryAt: retryAfter(answer.headers), failure: http };
    }
    return { kind: 'permanent', reason: `SMS gateway answered ${answer.status}: ${said}`, failure: http };
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
