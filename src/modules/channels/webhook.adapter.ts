import { createHmac } from 'node:crypto';
import type { ChannelsConfig } from '../../config/channels-config';
import type { ChannelAdapter, ChannelStatus, OutboundMessage, SendOutcome } from './channel-adapter.types';
import { clip, hostOf, httpCall, retryAfter } from './channel-http';

type WebhookConfig = NonNullable<ChannelsConfig['webhook']>;

function webhookSignature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/**
 * A signed JSON POST to a partner's system (a town's alert screen, the SIG). The
 * receiver checks `X-Crisis-Signature` over the raw body; `sentAt` inside the
 * signed body lets it refuse replays.
 */
export class WebhookAdapter implements ChannelAdapter {
  readonly channel = 'webhook' as const;

  constructor(
    private readonly config: WebhookConfig,
    private readonly timeoutMs: number,
  ) {}

  status(): ChannelStatus {
    return { channel: 'webhook', mode: 'live', target: hostOf(this.config.url) };
  }

  async send(m: OutboundMessage): Promise<SendOutcome> {
    const now = new Date();
    const body = JSON.stringify({
      reference: m.reference,
      eventId: m.eventId ?? null,
      channel: m.channel,
      subject: m.subject ?? null,
      text: m.text,
      marker: m.marker,
      exercise: m.exercise,
      sentAt: now.toISOString(),
    });
    const answer = await httpCall(
      this.config.url,
      {
        method: 'POST',
        body,
        headers: {
          'Content-Type': 'application/json',
          'X-Crisis-Signature': webhookSignature(this.config.secret, body),
          'X-Crisis-Timestamp': String(Math.floor(now.getTime() / 1000)),
          'X-Crisis-Reference': m.reference,
        },
      },
      this.timeoutMs,
    );
    if (!answer.ok) return { kind: 'temporary', reason: `webhook: ${answer.reason}` };
    if (answer.status >= 200 && answer.status < 300) return { kind: 'sent', proof: { httpStatus: String(answer.status) } };
    const said = `webhook answered ${answer.status}${answer.text ? `: ${clip(answer.text, 200)}` : ''}`;
    if (answer.status === 429 || answer.status >= 500) return { kind: 'temporary', reason: said, retryAt: retryAfter(answer.headers) };
    return { kind: 'permanent', reason: said };
  }
}
