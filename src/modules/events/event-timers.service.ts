import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CommitmentKey } from '../../domain/events/commitment-clocks';
import { DeadlinePlanSettings, isStillRelevant, lateness, planAllDeadlines } from '../../domain/events/deadline-plan';
import { BackgroundLoops } from '../scheduler/background-loops.service';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { CommitmentsService } from './commitments.service';
import { EventTimerEntity } from './event-timer.entity';
import { EventEntity } from './event.entity';
import { findEvent } from './event-lock';
import { EventTimersStore } from './event-timers.store';

export interface TimerFiring {
  timerId: string;
  eventId: string;
  notified: boolean;
  outcome: string;
  late: boolean;
  lateByMs: number;
}

/**
 * Warnings and deadlines of the commitment clocks. Rows are the truth; an
 * in-memory timeout per row fires it on time; at boot every unfired row is
 * re-armed (an overdue one fires at once, flagged late); a periodic sweep
 * catches what no timeout covers (another instance's rows, long delays).
 */
@Injectable()
export class EventTimersService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly plan: DeadlinePlanSettings;
  /** Database clock minus this process's clock: delays are computed on the database's time. */
  private offsetMs = 0;
  private stopped = false;
  /** How the last boot-time re-arm went (read by the bench). */
  lastRearm: { count: number; ms: number } | null = null;

  constructor(
    private readonly store: EventTimersStore,
    private readonly loops: BackgroundLoops,
    private readonly commitments: CommitmentsService,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.plan = { warningLeadMinutes: config.clocks.warningLeadMinutes };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.rearmAll();
    // Every instance sweeps: it arms its own in-memory timeouts; firing is decided by the row.
    this.loops.register({ name: 'event-timers-sweep', periodMs: this.config.clocks.sweepSeconds * 1000, tick: () => this.sweep() });
  }

  onModuleDestroy(): void {
    this.stopped = true;
    this.loops.clearTimeouts('timer:');
  }

  /** Inside the caller's transaction: writes the timers of clocks that just started. Arm them after commit. */
  async planFor(m: EntityManager, event: EventEntity, keys: CommitmentKey[], now: Date): Promise<EventTimerEntity[]> {
    const commitments = (await this.commitments.compute(m, event, now)).filter((c) => keys.includes(c.key));
    const planned = planAllDeadlines(commitments, this.plan, now);
    if (planned.length === 0) return [];
    const rows = await this.store.insertPlanned(
      m,
      planned.map((p) => ({ eventId: event.id, commitmentKey: p.commitmentKey, kind: p.kind, leadMinutes: p.leadMinutes, fireAt: p.fireAt })),
    );
    return rows.map((r) => r as EventTimerEntity);
  }

  /** Arms an in-memory timeout per row (once per row and process). */
  arm(timers: Pick<EventTimerEntity, 'id' | 'fireAt'>[]): void {
    if (this.stopped) return;
    const now = Date.now() + this.offsetMs;
    for (const t of timers) {
      const name = `timer:${t.id}`;
      if (this.loops.hasTimeout(name)) continue;
      this.loops.setTimeout(name, t.fireAt.getTime() - now, () => this.fire(t.id));
    }
  }

  /** Re-arms every unfired timer; returns how many. Called at boot. */
  async rearmAll(): Promise<number> {
    const started = performance.now();
    await this.syncClock();
    const rows = await this.store.unfired();
    this.arm(rows);
    this.lastRearm = { count: rows.length, ms: performance.now() - started };
    return rows.length;
  }

  /**
   * Arms what is due before the next sweep (rows written by another instance
   * too). The database clock decides: every row due by then is armed again on
   * the database's time as it reads now, so a timeout this process armed
   * earlier, while its own clock was off from the database's, fires on the
   * database's time (a row already due fires at once).
   */
  async sweep(): Promise<void> {
    await this.syncClock();
    const rows = await this.store.unfiredDueWithin(this.config.clocks.sweepSeconds * 2);
    for (const r of rows) this.loops.clearTimeout(`timer:${r.id}`);
    this.arm(rows);
  }

  /**
   * Fires one timer if nobody has: the conditional UPDATE is the decision, so
   * two instances never both fire it. Returns null when it was not this
   * process's to fire (already fired, or not yet due on the database clock).
   */
  async fire(timerId: string): Promise<TimerFiring | null> {
    const firing = await this.uow.run(async (work) => {
      const m = work.manager;
      const t = await this.store.claim(m, timerId);
      if (!t) return null;
      const event = await findEvent(m, t.event_id, true);
      const firedAt = new Date(t.fired_at);
      const fireAt = new Date(t.fire_at);
      const timer = { commitmentKey: t.commitment_key, kind: t.kind, leadMinutes: t.lead_minutes, fireAt };
      const commitments = await this.commitments.compute(m, event, firedAt);
      let relevance = isStillRelevant(timer, commitments, firedAt, this.plan);
      if (relevance.relevant && t.kind === 'warning' && event.status === 'closed') {
        relevance = { relevant: false, reason: 'already_met', message: 'The event is closed.' };
      }
      const { late, lateByMs } = lateness(fireAt, firedAt);
      const outcome = relevance.relevant ? 'notified' : relevance.reason;
      await m.update(EventTimerEntity, t.id, { late, outcome });
      if (relevance.relevant) {
        const c = relevance.commitment;
        await work.audit({
          actor: 'system',
          action: t.kind === 'warning' ? 'clock.warning' : 'clock.missed',
          subjectType: 'event',
          subjectId: event.id,
          payload: { key: c.key, leadMinutes: t.lead_minutes, dueAt: c.dueAt?.toISOString(), fireAt: fireAt.toISOString(), late, lateByMs, mode: event.mode },
        });
        work.publish({ eventId: event.id, type: t.kind === 'warning' ? 'clock.warning' : 'clock.missed', data: { key: t.commitment_key, leadMinutes: t.lead_minutes, late } });
      }
      return { timerId: t.id, eventId: event.id, notified: relevance.relevant, outcome, late, lateByMs };
    });
    if (firing === null) {
      await this.rearmIfEarly(timerId);
      return null;
    }
    return firing;
  }

  /** This process's clock ran ahead of the database's: wait for the rest. */
  private async rearmIfEarly(timerId: string): Promise<void> {
    const row = await this.store.unfiredOne(timerId);
    if (row) {
      await this.syncClock();
      this.arm([row]);
    }
  }

  private async syncClock(): Promise<void> {
    const before = Date.now();
    const dbNow = await this.store.now();
    this.offsetMs = dbNow.getTime() - (before + Date.now()) / 2;
  }
}
