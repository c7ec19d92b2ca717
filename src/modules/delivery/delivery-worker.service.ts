import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { nextState, RetrySettings } from '../../domain/delivery/delivery-outcome.policy';
import { Bucket, fullBucket, RateLimit, take } from '../../domain/delivery/rate-limit';
import { isPostChannel } from '../../domain/channels/channel-catalogue';
import { CardsService } from '../cards/cards.service';
import type { ChannelName, OutboundCard, OutboundMessage, SendOutcome } from '../channels/channel-adapter.types';
import { ChannelsService } from '../channels/channels.service';
import { BackgroundLoops } from '../scheduler/background-loops.service';
import { DeliveryResultsService } from './delivery-results.service';
import { DeliverySignal } from './delivery-signal';
import { ClaimedDelivery, ContentRow, DeliveryStore, RowResult } from './delivery.store';
import { ReconciliationService } from './reconciliation.service';

/** How many sends of one channel are in flight at once. Posts go one by one: order and rate matter there. */
const CONCURRENCY: Record<string, number> = { email: 25, sms: 10, webhook: 4, public_page: 20 };
const concurrencyOf = (channel: string) => (isPostChannel(channel) ? 1 : (CONCURRENCY[channel] ?? 4));
/** Channels whose provider takes many recipients per request (SMS): requests in flight at once, each of up to a claimed batch. */
const BATCH_REQUESTS = 4;
/** The priority lane sends its whole batch at once (a page's email and SMS together); its batches are small. */
const PRIORITY_BATCH = 50;

/** What a channel's lanes share: the provider's rate limit and a 429's pause. */
interface ChannelState {
  pausedUntil: number;
  bucket?: Bucket;
  limit?: RateLimit;
}

/** Rows claimed together under one lease token, recorded together once every send is back. */
interface Batch {
  rows: ClaimedDelivery[];
  outcomes: (SendOutcome | 'not_attempted')[];
  left: number;
  release: () => void;
}

/** A batch loop: the bulk of one channel, or the priority rows of every channel (`channel` null). */
interface Lane {
  channel: string | null;
  priority: boolean;
  /** The batch loop in progress, if any: at most one per lane. */
  draining: Promise<void> | null;
}

const MISSING_CONTENT: SendOutcome = { kind: 'permanent', reason: 'the approved content of this delivery is missing' };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** The poll of every lane, as the scheduler names it. */
export const DELIVERY_POLL_LOOP = 'delivery-worker-poll';

/**
 * The outbox worker. One lane per channel, so a throttled X account never holds
 * up the emails to the mayors, and one priority lane for the pages to the cell
 * (PRIORITY_AUDIENCES), so a page never waits behind a bulletin's thousands of
 * emails; lanes of one channel share its rate limit and pause. A lane claims a
 * batch (SKIP LOCKED, leased to a token), sends it through the channels (the
 * exercise gate sits there), and records every outcome in one transaction. An
 * idle worker polls once for all lanes (a loop of the scheduler); a write in
 * this process wakes it at once.
 *
 * A batch keeps its lease while it is being sent: a hanging provider (each
 * send bounded by the channel timeout, but a pooled SMTP transport queues the
 * sends behind its few connections) can make a batch outlast a lease, and an
 * expired lease would hand the rows still being sent to the next sweep, which
 * sends them again. The lease is renewed every third of its length, on the
 * batch's token, until its outcomes are recorded; a worker that dies stops
 * renewing, and its rows are taken back one lease later as before.
 */
@Injectable()
export class DeliveryWorkerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryWorkerService.name);
  private readonly lanes = new Map<string, Lane>();
  private readonly channelStates = new Map<string, ChannelState>();
  private readonly contents = new Map<string, ContentRow>();
  private readonly retry: RetrySettings;
  private stopped = false;
  private unsubscribe?: () => void;
  private lastLeaseSweep = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: DeliveryStore,
    private readonly channels: ChannelsService,
    private readonly results: DeliveryResultsService,
    private readonly reconciliation: ReconciliationService,
    private readonly signal: DeliverySignal,
    private readonly loops: BackgroundLoops,
    private readonly cards: CardsService,
  ) {
    const w = config.messaging.worker;
    this.retry = { baseSeconds: w.retryBaseSeconds, maxDelaySeconds: 900, maxAttempts: w.maxAttempts };
  }

  onApplicationBootstrap(): void {
    if (!this.config.messaging.worker.enabled) return;
    this.loops.register({ name: DELIVERY_POLL_LOOP, periodMs: this.config.messaging.worker.pollMs, firstDelayMs: 0, tick: () => this.poll() });
    this.unsubscribe = this.signal.onWake(() => this.loops.wake(DELIVERY_POLL_LOOP));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    // Lanes finish their batch: a row sent but not recorded would be sent again (email) or reconciled (posts).
    // A poll under way starts no lane once stopped; the scheduler awaits it before the pool closes.
    await Promise.all([...this.lanes.values()].map((l) => l.draining));
  }

  /** One round: housekeeping, then every due lane started; returns the wait before the next round. */
  private async poll(): Promise<number> {
    let nextWait = this.config.messaging.worker.pollMs;
    if (this.stopped) return nextWait;
    try {
      await this.housekeeping();
      for (const due of await this.store.dueLanes()) {
        const lane = this.lane(due.priority ? null : due.channel);
        const pausedFor = this.channel(due.channel).pausedUntil - Date.now();
        const wait = Math.max(due.waitMs, pausedFor);
        if (wait <= 0) this.startLane(lane);
        else nextWait = Math.min(nextWait, Math.max(10, wait));
      }
    } catch (e) {
      this.logger.error({ err: e }, 'delivery poll failed');
    }
    return nextWait;
  }

  private async housekeeping(): Promise<void> {
    const w = this.config.messaging.worker;
    if (Date.now() - this.lastLeaseSweep < Math.min(5000, (w.leaseSeconds * 1000) / 2)) return;
    this.lastLeaseSweep = Date.now();
    await this.reconciliation.takeBackExpiredLeases();
    await this.reconciliation.reconcileUnknown();
  }

  /** The bulk lane of a channel, or the priority lane (null). */
  private lane(channel: string | null): Lane {
    const key = channel ?? '*priority';
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { channel, priority: channel === null, draining: null };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private channel(name: string): ChannelState {
    let state = this.channelStates.get(name);
    if (!state) {
      const rate = this.config.messaging.worker.rateLimits[name];
      const limit = rate ? { perSecond: rate, burst: Math.max(1, Math.floor(rate)) } : undefined;
      state = { pausedUntil: 0, limit, bucket: limit && fullBucket(limit, Date.now()) };
      this.channelStates.set(name, state);
    }
    return state;
  }

  private startLane(lane: Lane): void {
    if (this.stopped) return;
    lane.draining ??= this.drain(lane)
      .catch((e) => this.logger.error({ err: e, channel: lane.channel ?? 'priority' }, 'delivery lane failed'))
      .finally(() => {
        lane.draining = null;
      });
  }

  /**
   * Claims and sends batches of one channel until none is due. The sends are
   * a stream, not batch after batch: the next batch is claimed while the
   * current one is still being sent, so the provider's connections never wait
   * for the database at a batch's end; each batch is recorded (in one
   * transaction) as soon as its last send is back, while later batches are
   * being sent. No row is sent twice: a claimed row stays leased until its
   * outcome is recorded.
   */
  private async drain(lane: Lane): Promise<void> {
    const w = this.config.messaging.worker;
    const state = lane.channel ? this.channel(lane.channel) : null;
    // A throttled lane claims no more than it can send well within its lease.
    const limit = !state ? Math.min(w.batchSize, PRIORITY_BATCH) : state.limit ? Math.max(1, Math.min(w.batchSize, Math.floor((state.limit.perSecond * w.leaseSeconds) / 2))) : w.batchSize;
    // An SMS gateway takes a batch in one request: a few requests in flight, each carrying many rows.
    const batched = lane.channel !== null && this.channels.takesBatches(lane.channel as ChannelName);
    const concurrency = batched ? BATCH_REQUESTS : lane.channel ? concurrencyOf(lane.channel) : PRIORITY_BATCH;
    const perSend = batched ? limit : 1;
    const queue: { batch: Batch; index: number }[] = [];
    let claiming: Promise<void> | null = null;
    let exhausted = false;
    let failure: unknown = null;
    let recording: Promise<unknown> = Promise.resolve();
    let unrecorded = 0;

    const record = (batch: Batch) => {
      unrecorded++;
      const now = new Date();
      const results = batch.rows.map((d, i) => this.toResult(d, batch.outcomes[i], now));
      recording = recording
        .then(() => this.results.record(results))
        .catch((e) => (failure ??= e))
        .finally(() => {
          batch.release();
          unrecorded--;
        });
      // The priority lane claims every channel: rows of a paused one were given back until its pause ends.
      if (batch.outcomes.every((o) => o === 'not_attempted')) exhausted = true;
    };
    const claimNext = async () => {
      // At most two batches waiting for the database: sending faster than it records only grows the leases.
      if (unrecorded > 1) await recording;
      const token = randomUUID();
      const rows = await this.store.claim(lane, token, limit, w.leaseSeconds);
      if (rows.length === 0) {
        exhausted = true;
        return;
      }
      const batch: Batch = { rows, outcomes: new Array(rows.length), left: rows.length, release: this.keepLeased(token) };
      try {
        await this.loadContents(rows);
      } catch (e) {
        // Nothing of it sent: the rows go back to the queue when their lease expires.
        batch.release();
        throw e;
      }
      for (let index = 0; index < rows.length; index++) queue.push({ batch, index });
    };
    const refill = () => {
      if (!claiming && !exhausted && failure === null && !this.stopped && (!state || Date.now() >= state.pausedUntil)) {
        claiming = claimNext()
          .catch((e) => {
            failure ??= e;
          })
          .finally(() => {
            claiming = null;
          });
      }
      return claiming;
    };
    const sender = async () => {
      for (;;) {
        if (queue.length <= concurrency * perSend) refill();
        if (queue.length === 0) {
          const waiting = claiming ?? refill();
          if (!waiting) return;
          await waiting;
          continue;
        }
        const items = queue.splice(0, perSend);
        const outcomes = batched ? await this.sendManyThrottled(items.map(({ batch, index }) => batch.rows[index])) : [await this.sendOneThrottled(items[0].batch.rows[items[0].index])];
        items.forEach(({ batch, index }, k) => {
          batch.outcomes[index] = outcomes[k];
          if (--batch.left === 0) record(batch);
        });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, sender));
    await recording;
    if (failure !== null) throw failure;
  }

  /** Renews the lease of a batch every third of its length until the returned function is called. */
  private keepLeased(token: string): () => void {
    const seconds = this.config.messaging.worker.leaseSeconds;
    const timer = setInterval(
      () => {
        this.store.renewLease(token, seconds).catch((e) => this.logger.warn({ err: e }, 'delivery lease renewal failed'));
      },
      (seconds * 1000) / 3,
    );
    timer.unref();
    return () => clearInterval(timer);
  }

  private toResult(d: ClaimedDelivery, outcome: SendOutcome | 'not_attempted', now: Date): RowResult {
    if (outcome === 'not_attempted') {
      const retryInMs = Math.max(0, this.channel(d.channel).pausedUntil - now.getTime());
      return { id: d.id, token: d.leaseToken, status: 'queued', proof: null, error: 'waiting for the channel rate limit to reset', retryInMs, notAttempted: true, pageId: d.pageId };
    }
    // The policy works in offsets from `now`; the row's time is set on the database clock.
    const s = nextState(outcome, d.attempts, d.channel, now, this.retry);
    const retryInMs = s.nextAttemptAt ? s.nextAttemptAt.getTime() - now.getTime() : null;
    return { id: d.id, token: d.leaseToken, status: s.status, proof: s.proof, error: s.error, retryInMs, provider: outcome.kind === 'sent' ? outcome.provider : undefined, pageId: d.pageId };
  }

  /** One send, unless its channel is paused: a 429 with a reset time pauses the whole channel, and the rest is given back untouched. */
  private async sendOneThrottled(row: ClaimedDelivery): Promise<SendOutcome | 'not_attempted'> {
    const state = this.channel(row.channel);
    if (Date.now() < state.pausedUntil) return 'not_attempted';
    await this.throttle(state);
    const o = await this.sendOne(row);
    if (o.kind === 'temporary' && o.retryAt) state.pausedUntil = Math.max(state.pausedUntil, o.retryAt.getTime());
    return o;
  }

  /**
   * Rows of one channel in one request to its provider (an SMS gateway), unless
   * the channel is paused; each row's outcome, in order. The rate limit counts
   * each message, as for single sends.
   */
  private async sendManyThrottled(rows: ClaimedDelivery[]): Promise<(SendOutcome | 'not_attempted')[]> {
    const state = this.channel(rows[0].channel);
    if (Date.now() < state.pausedUntil) return rows.map(() => 'not_attempted');
    const outcomes: SendOutcome[] = rows.map(() => MISSING_CONTENT);
    const sendable = rows.flatMap((d, i) => (this.contents.has(d.contentId) ? [i] : []));
    for (let i = 0; i < sendable.length; i++) await this.throttle(state);
    const sent = sendable.length ? await this.channels.sendBatch(await Promise.all(sendable.map((i) => this.outboundOf(rows[i])))) : [];
    sendable.forEach((i, k) => {
      outcomes[i] = sent[k];
      const o = sent[k];
      if (o.kind === 'temporary' && o.retryAt) state.pausedUntil = Math.max(state.pausedUntil, o.retryAt.getTime());
    });
    return outcomes;
  }

  private async throttle(state: ChannelState): Promise<void> {
    if (!state.limit || !state.bucket) return;
    const r = take(state.bucket, state.limit, Date.now());
    state.bucket = r.bucket;
    if (r.waitMs > 0) await sleep(r.waitMs);
  }

  private async sendOne(d: ClaimedDelivery): Promise<SendOutcome> {
    if (!this.contents.has(d.contentId)) return MISSING_CONTENT;
    // The channels never throw: every provider failure comes back as an outcome to record.
    return this.channels.send(await this.outboundOf(d));
  }

  /** What the channels are given for a row: its content's words, to its address. */
  private async outboundOf(d: ClaimedDelivery): Promise<OutboundMessage> {
    // Called only for a row whose content is loaded (sendOne and sendManyThrottled check it first).
    const c = this.contents.get(d.contentId)!;
    return {
      reference: d.id,
      channel: d.channel as ChannelName,
      to: d.address ?? undefined,
      subject: c.subject ?? undefined,
      text: c.text,
      html: c.html ?? undefined,
      marker: c.marker,
      exercise: c.exercise,
      exerciseParticipant: d.exerciseParticipant,
      eventId: d.eventId ?? undefined,
      attempt: d.attempts,
      batch: d.leaseToken,
      card: isPostChannel(d.channel) && c.messageId ? await this.cardOf(c.messageId) : undefined,
    };
  }

  /** A bulletin's card for its posts; a card that cannot be drawn never holds the bulletin back (Instagram alone refuses to post without one). */
  private async cardOf(messageId: string): Promise<OutboundCard | undefined> {
    try {
      const card = await this.cards.cardOf(messageId);
      return card ? { alt: card.alt, landscape: card.landscape, squareJpegUrl: card.urls.squareJpeg } : undefined;
    } catch (e) {
      this.logger.warn({ err: e, messageId }, 'bulletin card could not be rendered');
      return undefined;
    }
  }

  private async loadContents(rows: ClaimedDelivery[]): Promise<void> {
    const missing = [...new Set(rows.map((r) => r.contentId))].filter((id) => !this.contents.has(id));
    if (missing.length === 0) return;
    if (this.contents.size > 5000) this.contents.clear();
    for (const c of await this.store.contents(missing)) this.contents.set(c.id, c);
  }
}
