import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { injectFireAt, injectMessage, mselOrder, resolveInjectRecipients } from '../../domain/exercises/msel.policy';
import { DeliveryQueueService } from '../delivery/delivery-queue.service';
import { EventReadsService } from '../events/event-reads.service';
import { BackgroundLoops } from '../scheduler/background-loops.service';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { DurableTimers } from './durable-timers';
import { ExerciseInjectEntity } from './exercise-inject.entity';
import { ExerciseEntity } from './exercise.entity';
import { InjectsStore } from './injects.store';

export interface InjectFiring {
  injectId: string;
  exerciseId: string;
  eventId: string;
  order: number;
  deliveries: number;
  late: boolean;
}

/**
 * The injects of a running MSEL as durable timers: `fire_at` is the row's
 * due time (null when not scheduled), `fired_at` the claim. A restart re-arms
 * every scheduled row (an overdue one is delivered at once, flagged late);
 * the conditional UPDATE makes each inject delivered once, by one instance.
 */
@Injectable()
export class InjectTimersService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly timers: DurableTimers;

  constructor(
    private readonly store: InjectsStore,
    private readonly events: EventReadsService,
    loops: BackgroundLoops,
    private readonly uow: UnitOfWork,
    private readonly queue: DeliveryQueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.timers = new DurableTimers(
      'exercise-inject',
      (ahead) => store.due(ahead),
      () => store.now(),
      loops,
      (id) => this.fire(id).then((r) => r !== null),
    );
  }

  onApplicationBootstrap(): Promise<void> {
    return this.timers.start(this.config.exercises.sweepSeconds);
  }

  onModuleDestroy(): void {
    this.timers.stop();
  }

  /** Inside the caller's transaction: due times of the pending injects of a running, unpaused MSEL. Arm after commit. */
  async schedule(m: EntityManager, e: ExerciseEntity, onlyIds?: string[]): Promise<{ id: string; fireAt: Date }[]> {
    if (!e.mselStartedAt || e.mselPausedAt || e.status !== 'running') return [];
    const pending = await m.find(ExerciseInjectEntity, { where: { exerciseId: e.id, status: 'pending' } });
    const out: { id: string; fireAt: Date }[] = [];
    for (const i of pending) {
      if (i.firedAt || (onlyIds && !onlyIds.includes(i.id))) continue;
      const fireAt = injectFireAt(e.mselStartedAt, i.offsetMinutes, Number(e.mselPausedMs));
      await m.update(ExerciseInjectEntity, i.id, { fireAt });
      out.push({ id: i.id, fireAt });
    }
    return out;
  }

  /** Inside the caller's transaction: the MSEL is paused or over, nothing pending may fire. */
  async unschedule(m: EntityManager, exerciseId: string): Promise<string[]> {
    return this.store.unschedule(exerciseId, m);
  }

  arm(rows: { id: string; fireAt: Date }[]): void {
    this.timers.arm(rows);
  }

  disarm(ids: string[]): void {
    this.timers.disarm(ids);
  }

  /**
   * Delivers one inject if this process claims it: a timeline entry (audit,
   * with the exercise's event id), and for email and SMS the outbox rows to the
   * players, marked as an exercise, in the same transaction. Null when it was
   * not due, already delivered, or the exercise is over.
   */
  async fire(injectId: string, actor = 'system'): Promise<InjectFiring | null> {
    return this.uow.run(async (work) => {
      const m = work.manager;
      const claimed = await this.store.claim(injectId, m);
      if (!claimed) return null;
      const e = await m.findOneByOrFail(ExerciseEntity, { id: claimed.exercise_id });
      const closed = e.eventId ? await this.events.closedAmong([e.eventId], m) : [];
      if (e.status !== 'running' || !e.eventId || closed.length) {
        // The exercise is over: the inject stays undelivered and unscheduled.
        await this.store.release(claimed.id, m);
        return null;
      }
      const all = mselOrder(await this.store.ofExercise(e.id, m));
      const order = all.findIndex((i) => i.id === claimed.id) + 1;
      const inject = all[order - 1];
      const fireAt = new Date(claimed.fire_at);
      const deliveredAt = new Date(claimed.delivered_at);
      const lateByMs = Math.max(0, deliveredAt.getTime() - fireAt.getTime());
      const late = lateByMs > 1000 && actor === 'system';
      const players = resolveInjectRecipients(inject.recipient, e.players) ?? [];
      let deliveries = 0;
      let unreachable: string[] = [];
      if (inject.means === 'email' || inject.means === 'sms') {
        const reachable = players.filter((p) => (inject.means === 'email' ? p.email : p.phone));
        unreachable = players.filter((p) => !reachable.includes(p)).map((p) => p.name);
        const msg = injectMessage({ exerciseTitle: e.title, order, scenario: inject.scenario, means: inject.means });
        const result = await this.queue.enqueue(m, [
          {
            content: {
              eventId: e.eventId,
              injectId: inject.id,
              audience: 'exercise_player',
              channel: inject.means,
              subject: inject.means === 'email' ? msg.subject : null,
              text: msg.text,
              marker: `INJ-${inject.id.slice(0, 8)}`,
              exercise: true,
              factual: false,
            },
            // The player's id stands for the contact: players are not contacts, and each gets one row.
            recipients: reachable.map((p) => ({ contactId: p.id, name: p.name, address: inject.means === 'email' ? p.email : p.phone, exerciseParticipant: true })),
          },
        ]);
        deliveries = result.deliveries;
      }
      await work.audit({
        actor,
        action: 'exercise.inject_delivered',
        subjectType: 'exercise_inject',
        subjectId: inject.id,
        payload: {
          eventId: e.eventId,
          exerciseId: e.id,
          order,
          offsetMinutes: inject.offsetMinutes,
          scenario: inject.scenario,
          recipient: inject.recipient,
          means: inject.means,
          expectedAction: inject.expectedAction,
          players: players.map((p) => p.name),
          deliveries,
          ...(unreachable.length ? { unreachable } : {}),
          ...(players.length === 0 ? { warning: `no player named or with the role "${inject.recipient}"` } : {}),
          fireAt: fireAt.toISOString(),
          late,
          lateByMs,
        },
      });
      if (deliveries > 0) work.afterCommit(() => this.queue.wake());
      work.publish({ eventId: e.eventId, type: 'timeline.appended', data: { exerciseId: e.id, injectId: inject.id, action: 'inject_delivered' } });
      return { injectId: inject.id, exerciseId: e.id, eventId: e.eventId, order, deliveries, late };
    });
  }
}
