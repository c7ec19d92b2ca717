import type { ChannelAdapter, ChannelName, ChannelStatus, OutboundMessage, SendOutcome } from './channel-adapter.types';

/** A channel without configuration: every delivery is recorded as sandboxed, never silently dropped. */
export class SandboxAdapter implements ChannelAdapter {
  constructor(readonly channel: ChannelName) {}

  status(): ChannelStatus {
    return { channel: this.channel, mode: 'sandbox' };
  }

  async send(_m: OutboundMessage): Promise<SendOutcome> {
    return { kind: 'sandboxed', reason: 'channel not configured' };
  }
}
