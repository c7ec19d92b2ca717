import type { CredentialVerdict } from '../../domain/channels/credential-check.policy';
import { fallbackStep, type FallbackSettings } from '../../domain/channels/provider-fallback.policy';
import type { ProviderRole } from '../../domain/channels/channel-catalogue';
import type { ChannelAdapter, ChannelStatus, OutboundMessage, SendOutcome } from './channel-adapter.types';

/**
 * A channel with two providers (email: two SMTP relays; SMS: two gateways).
 * Each send goes to the primary; a failure on the provider's side goes on to
 * the secondary (the policy decides, `fallbackStep`), a refused recipient does
 * not. After a fallback the primary is skipped for `holdMs`, so that a relay
 * that hangs does not cost every message a timeout; then it is tried again.
 */
export class FallbackAdapter implements ChannelAdapter {
  /** Process clock: when the primary may be tried again (an observation, shown in /api/health). */
  private primaryHeldUntil = 0;

  constructor(
    readonly channel: 'email' | 'sms',
    readonly primary: ChannelAdapter,
    readonly secondary: ChannelAdapter | undefined,
    private readonly settings: FallbackSettings & { holdMs: number },
  ) {}

  status(): ChannelStatus {
    const own = this.primary.status();
    if (!this.secondary) return own;
    const held = Date.now() < this.primaryHeldUntil;
    return {
      ...own,
      providers: [
        { role: 'primary', target: own.target, ...(held ? { bypassedUntil: new Date(this.primaryHeldUntil).toISOString() } : {}) },
        { role: 'secondary', target: this.secondary.status().target },
      ],
    };
  }

  async send(m: OutboundMessage): Promise<SendOutcome> {
    const secondary = this.secondary;
    if (!secondary) return by('primary', await this.primary.send(m));
    if (Date.now() < this.primaryHeldUntil) {
      const second = await secondary.send(m);
      // The secondary fails too: the next attempt starts at the primary again.
      if (second.kind !== 'sent') this.primaryHeldUntil = 0;
      return by('secondary', second, 'primary bypassed after a recent failure');
    }
    const first = await this.primary.send(m);
    if (!this.goesOn(first, m)) return by('primary', first);
    if (this.settings.holdMs > 0) this.primaryHeldUntil = Date.now() + this.settings.holdMs;
    return by('secondary', await secondary.send(m), `primary: ${first.reason}`);
  }

  /**
   * A batch, with the same rule per message as `send`: to the primary (or the
   * secondary while the primary is held), then those the policy sends on to the
   * secondary, together. Providers without batches get the messages one by one.
   */
  async sendBatch(ms: OutboundMessage[]): Promise<SendOutcome[]> {
    const secondary = this.secondary;
    if (!secondary) return (await batchOf(this.primary, ms)).map((o) => by('primary', o));
    if (Date.now() < this.primaryHeldUntil) {
      const second = await batchOf(secondary, ms);
      if (second.some((o) => o.kind !== 'sent')) this.primaryHeldUntil = 0;
      return second.map((o) => by('secondary', o, 'primary bypassed after a recent failure'));
    }
    const first = await batchOf(this.primary, ms);
    const out = first.map((o) => by('primary', o));
    const onward = first.flatMap((o, i) => (this.goesOn(o, ms[i]) ? [i] : []));
    if (onward.length === 0) return out;
    if (this.settings.holdMs > 0) this.primaryHeldUntil = Date.now() + this.settings.holdMs;
    const second = await batchOf(
      secondary,
      onward.map((i) => ms[i]),
    );
    onward.forEach((i, k) => (out[i] = by('secondary', second[k], `primary: ${(first[i] as { reason: string }).reason}`)));
    return out;
  }

  /** Whether the primary's outcome sends the message on to the secondary (the fallback policy), for `send` and `sendBatch` alike. */
  private goesOn(o: SendOutcome, m: OutboundMessage): o is Exclude<SendOutcome, { kind: 'sent' }> {
    if (o.kind === 'sent' || o.kind === 'sandboxed' || !o.failure) return false;
    return fallbackStep(o.failure, m.attempt ?? 1, this.settings).to !== 'none';
  }

  /** The primary's credential; the secondary's is checked as an account of its own (ChannelsService.credentialAccounts). */
  checkCredentials(): Promise<CredentialVerdict> {
    return this.primary.checkCredentials ? this.primary.checkCredentials() : Promise.resolve({ status: 'ok', reason: 'nothing to check' });
  }
}

/** A provider's outcomes for a batch: in one request when it takes batches, else one send each, at once. */
function batchOf(a: ChannelAdapter, ms: OutboundMessage[]): Promise<SendOutcome[]> {
  return a.sendBatch ? a.sendBatch(ms) : Promise.all(ms.map((m) => a.send(m)));
}

/** The outcome as the row records it: which provider accepted, or what each one said. */
function by(role: ProviderRole, o: SendOutcome, before?: string): SendOutcome {
  if (o.kind === 'sent') return { ...o, provider: role, ...(role === 'secondary' && before ? { proof: { ...o.proof, fallbackReason: before } } : {}) };
  if (o.kind === 'sandboxed' || !before) return o;
  return { ...o, reason: `${before}; secondary: ${o.reason}` };
}
