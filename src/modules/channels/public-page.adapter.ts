import type { ChannelAdapter, ChannelStatus, OutboundMessage, SendOutcome } from './channel-adapter.types';
import { hostOf } from './channel-http';

/**
 * Our own public page: the stored message is the page's content, so accepting
 * it is publishing it. The proof is the address where the public reads it.
 */
export class PublicPageAdapter implements ChannelAdapter {
  readonly channel = 'public_page' as const;

  constructor(private readonly publicBaseUrl: string) {}

  status(): ChannelStatus {
    return { channel: 'public_page', mode: 'live', target: hostOf(this.publicBaseUrl) };
  }

  async send(m: OutboundMessage): Promise<SendOutcome> {
    if (!m.eventId) return { kind: 'permanent', reason: 'a public page message needs its event (eventId)' };
    return { kind: 'sent', proof: { url: `${this.publicBaseUrl}/public/events/${encodeURIComponent(m.eventId)}#${encodeURIComponent(m.reference)}` } };
  }
}
