import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { CheckedAccount, CheckedChannel } from '../../domain/channels/credential-check.policy';
import { isPostChannel, POST_CHANNELS } from '../../domain/channels/channel-catalogue';
import { exerciseGate } from '../../domain/channels/exercise-gate.policy';
import type { ChannelAdapter, ChannelName, ChannelStatus, OutboundMessage, PublishedPost, SendOutcome } from './channel-adapter.types';
import { buildChannelAdapters, ChannelAdapters } from './channel-adapters.factory';
import { FallbackAdapter } from './fallback.adapter';

/**
 * The only way out of the product to a channel. Every send passes the exercise
 * gate here, whatever is sent (bulletins, injects, cell pages, all through the
 * delivery worker), so no caller can forget it.
 */
@Injectable()
export class ChannelsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ChannelsService.name);
  private readonly adapters: ChannelAdapters;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.adapters = buildChannelAdapters(config);
  }

  /** One line at boot: which channels really send (a sandboxed channel must never be a surprise). */
  onModuleInit(): void {
    const modes = this.statuses().map((s) => `${s.channel}=${s.mode}${s.exerciseMode === 'live' ? '+exercise' : ''}`);
    this.logger.log(`channels: ${modes.join(' ')}`);
  }

  /** Never throws for a provider's failure: every outcome is a `SendOutcome` the caller records. */
  async send(message: OutboundMessage): Promise<SendOutcome> {
    try {
      const adapter = this.route(message);
      if ('kind' in adapter) return adapter;
      return await adapter.send(message);
    } catch (e) {
      return unexpectedFailure(message.channel, e);
    }
  }

  /**
   * Many messages of one channel, each through the exercise gate as `send`;
   * those routed to an adapter that takes batches (an SMS gateway) go to it in
   * one call, the others one by one. Each message's outcome, in order; never throws.
   */
  async sendBatch(messages: OutboundMessage[]): Promise<SendOutcome[]> {
    const outcomes = new Array<SendOutcome>(messages.length);
    const byAdapter = new Map<ChannelAdapter, number[]>();
    messages.forEach((m, i) => {
      const adapter = this.route(m);
      if ('kind' in adapter) outcomes[i] = adapter;
      else if (byAdapter.has(adapter)) byAdapter.get(adapter)!.push(i);
      else byAdapter.set(adapter, [i]);
    });
    await Promise.all(
      [...byAdapter].map(async ([adapter, at]) => {
        if (!adapter.sendBatch) {
          await Promise.all(at.map(async (i) => (outcomes[i] = await this.send(messages[i]))));
          return;
        }
        try {
          const got = await adapter.sendBatch(at.map((i) => messages[i]));
          at.forEach((i, k) => (outcomes[i] = got[k]));
        } catch (e) {
          at.forEach((i) => (outcomes[i] = unexpectedFailure(messages[i].channel, e)));
        }
      }),
    );
    return outcomes;
  }

  /** Whether a channel's live provider takes many messages in one request (the worker then sends its rows in batches). */
  takesBatches(channel: ChannelName): boolean {
    const live = this.adapters.live[channel];
    if (!live || isPostChannel(channel)) return false;
    // A channel with two providers batches when its primary does (email: no; SMS: yes).
    return live instanceof FallbackAdapter ? live.primary.sendBatch !== undefined : live.sendBatch !== undefined;
  }

  /**
   * The account's own recent post carrying `marker` (a public post), looked up on
   * the account the message was routed to. Throws when the account cannot be read.
   */
  async findByMarker(channel: ChannelName, marker: string, exercise: boolean): Promise<PublishedPost | null> {
    if (!isPostChannel(channel)) throw new Error(`channel ${channel} has no timeline to search`);
    const adapter = exercise ? this.exerciseAccount(channel) : this.adapters.live[channel];
    // No exercise account, or a channel in sandbox mode: nothing was posted, so nothing can be found.
    if (!adapter?.findByMarker) return null;
    return adapter.findByMarker(marker);
  }

  statuses(): ChannelStatus[] {
    return (Object.keys(this.adapters.live) as ChannelName[]).map((channel) => {
      const status = this.adapters.live[channel].status();
      if (!isPostChannel(channel)) return status;
      const exercise = this.exerciseAccount(channel);
      return { ...status, exerciseMode: exercise ? 'live' : 'sandbox', ...(exercise ? { exerciseTarget: exercise.status().target } : {}) };
    });
  }

  /** Every account whose credential can be checked: live adapters that have one, and the exercise accounts. */
  credentialAccounts(): { channel: CheckedChannel; account: CheckedAccount; adapter: ChannelAdapter }[] {
    const out: { channel: CheckedChannel; account: CheckedAccount; adapter: ChannelAdapter }[] = [];
    for (const channel of ['email', 'sms', ...POST_CHANNELS] as CheckedChannel[]) {
      const live = this.adapters.live[channel];
      if (live.checkCredentials) out.push({ channel, account: 'live', adapter: live });
      if (live instanceof FallbackAdapter && live.secondary?.checkCredentials) out.push({ channel, account: 'secondary', adapter: live.secondary });
      const exercise = this.exerciseAccount(channel);
      if (exercise?.checkCredentials) out.push({ channel, account: 'exercise', adapter: exercise });
    }
    return out;
  }

  onApplicationShutdown(): void {
    for (const close of this.adapters.closers) close();
  }

  /** The exercise account of a public post channel, when one is configured. */
  private exerciseAccount(channel: ChannelName): ChannelAdapter | undefined {
    return isPostChannel(channel) ? this.adapters.exercise[channel] : undefined;
  }

  private route(message: OutboundMessage): ChannelAdapter | SendOutcome {
    const live = this.adapters.live[message.channel];
    if (!live) return { kind: 'permanent', reason: `unknown channel ${String(message.channel)}` };
    const exerciseAccount = this.exerciseAccount(message.channel);
    const decision = exerciseGate({
      channel: message.channel,
      exercise: message.exercise,
      text: message.text,
      exerciseParticipant: message.exerciseParticipant,
      exerciseAccountConfigured: exerciseAccount !== undefined,
    });
    switch (decision.route) {
      case 'live':
        return live;
      case 'exercise-account':
        return exerciseAccount!;
      case 'sandboxed':
        return { kind: 'sandboxed', reason: decision.reason };
      case 'refused':
        return { kind: 'permanent', reason: decision.reason };
    }
  }
}

/** An adapter that threw (a bug) must not lose the delivery, nor post twice: a post is unknown, the rest retried. */
function unexpectedFailure(channel: string, e: unknown): SendOutcome {
  const reason = `channel ${channel} failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`;
  return isPostChannel(channel) ? { kind: 'unknown', reason } : { kind: 'temporary', reason };
}
