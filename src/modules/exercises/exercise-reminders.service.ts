import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SETTLED_DELIVERY_STATUSES } from '../../domain/channels/channel-catalogue';
import { reminderMessage, reminderTimes } from '../../domain/exercises/reminder.policy';
import { DeliveryHooks, OwnedDeliveryView, OwnedResults } from '../delivery/delivery-hooks.service';
import { DeliveryQueueService } from '../delivery/delivery-queue.service';
import { BackgroundLoops } from '../scheduler/background-loops.service';
import { UnitOfWork, Work } from '../unit-of-work/unit-of-work.service';
import { DurableTimers } from './durable-timers';
import { ExerciseReminderEntity } from './exercise-reminder.entity';
import { ExerciseRemindersStore } from './exercise-reminders.store';
import { ExerciseEntity } from './exercise.entity';
import { ExercisesStore } from './exercises.store';
import { InjectsStore } from './injects.store';

/** The outbox's audience of the reminders: the director of a coming exercise. */
const REMINDER_AUDIENCE = 'exercise_director';

/**
 * Reminders to the exercise director, 7 days and 1 day before (EXERCISE_REMINDER_LEADS_MINUTES).
 * A row per reminder; the conditional UPDATE on fired_at decides who fires it,
 * once across restarts and instances, and in the same transaction the note
 * becomes a delivery in the outbox (audience `exercise_director`): the delivery
 * worker sends it, retries it and records it like any delivery, and tells this
 * service through its results listener, which sets the reminder's outcome and
 * writes its `exercise.reminder_sent` entry.
 */
@Injectable()
export class ExerciseRemindersService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ExerciseRemindersService.name);
  private readonly timers: DurableTimers;

  constructor(
    private readonly store: ExerciseRemindersStore,
    private readonly exercises: ExercisesStore,
    private readonly injects: InjectsStore,
    loops: BackgroundLoops,
    private readonly queue: DeliveryQueueService,
    private readonly hooks: DeliveryHooks,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.timers = new DurableTimers(
      'exercise-reminder',
      (ahead) => store.due(ahead),
      () => store.now(),
      loops,
      (id) => this.fire(id).then((r) => r !== null),
    );
  }

  onModuleInit(): void {
    this.hooks.onResults(REMINDER_AUDIENCE, (r) => this.recordResults(r));
  }

  onApplicationBootstrap(): Promise<void> {
    return this.timers.start(this.config.exercises.sweepSeconds);
  }

  onModuleDestroy(): void {
    this.timers.stop();
  }

  /** Inside the caller's transaction: drops the exercise's unsent reminders and writes new ones for its planned time. Arm after commit. */
  async replan(m: EntityManager, exercise: ExerciseEntity, now: Date): Promise<{ id: string; fireAt: Date }[]> {
    await this.drop(m, exercise.id);
    if (exercise.status !== 'planned') return [];
    const times = reminderTimes(exercise.plannedAt, this.config.exercises.reminderLeadMinutes, now);
    const out: { id: string; fireAt: Date }[] = [];
    for (const t of times) {
      const row = await m.save(m.create(ExerciseReminderEntity, { exerciseId: exercise.id, leadMinutes: t.leadMinutes, fireAt: t.fireAt }));
      out.push({ id: row.id, fireAt: row.fireAt });
    }
    return out;
  }

  /** Inside the caller's transaction: the exercise was moved, started or cancelled. */
  async drop(m: EntityManager, exerciseId: string): Promise<string[]> {
    return this.store.drop(exerciseId, m);
  }

  /** After commit. */
  arm(rows: { id: string; fireAt: Date }[], dropped: string[] = []): void {
    this.timers.disarm(dropped);
    this.timers.arm(rows);
  }

  /**
   * Queues one reminder if this process claims it: the claim and the delivery
   * commit together, so a reminder is either still to fire or in the outbox.
   * Null when it was not due or already fired.
   */
  async fire(reminderId: string): Promise<{ reminderId: string; outcome: string } | null> {
    return this.uow.run(async (work) => {
      const m = work.manager;
      const claimed = await this.store.claim(reminderId, m);
      if (!claimed) return null;
      const exercise = await this.exercises.findOrFail(claimed.exercise_id, m);
      if (exercise.status !== 'planned') {
        await this.store.setOutcome(claimed.id, 'dropped', m);
        return { reminderId: claimed.id, outcome: 'dropped' };
      }
      const msg = reminderMessage({
        title: exercise.title,
        type: exercise.type,
        plannedAt: exercise.plannedAt,
        leadMinutes: claimed.lead_minutes,
        directorName: exercise.director.name,
        players: exercise.players.length,
        injects: await this.injects.count(exercise.id, m),
      });
      await this.queue.enqueue(m, [
        {
          content: {
            // The exercise has no event before it starts.
            eventId: null,
            reminderId: claimed.id,
            audience: REMINDER_AUDIENCE,
            channel: 'email',
            subject: msg.subject,
            text: msg.text,
            marker: `EXR-${claimed.id.slice(0, 8)}`,
            // A real note to a member of staff about a coming exercise, not an exercise message.
            exercise: false,
            factual: false,
          },
          recipients: [{ contactId: null, name: exercise.director.name, address: exercise.director.email, exerciseParticipant: false }],
        },
      ]);
      work.afterCommit(() => this.queue.wake());
      return { reminderId: claimed.id, outcome: 'queued' };
    });
  }

  /**
   * What the delivery worker recorded for some reminders, inside its
   * transaction. A settled delivery (sent, sandboxed, failed) sets the
   * reminder's outcome and is its `exercise.reminder_sent` entry, once; a
   * delivery queued again for a retry, or taken back from a stopped worker, is
   * an entry of the outbox's action on the reminder.
   */
  private async recordResults({ work, action, actor, recorded }: OwnedResults): Promise<void> {
    for (const d of recorded) {
      const reminder = await this.store.find(d.ownerId, work.manager);
      if (!reminder) continue;
      if (!SETTLED_DELIVERY_STATUSES.includes(d.status)) {
        await work.audit({
          actor,
          action,
          subjectType: 'exercise_reminder',
          subjectId: reminder.id,
          payload: { exerciseId: reminder.exerciseId, deliveryId: d.id, status: d.status, attempts: d.attempts, error: d.error, nextAttemptAt: d.nextAttemptAt.toISOString() },
        });
        continue;
      }
      const exercise = await this.exercises.findOrFail(reminder.exerciseId, work.manager);
      await this.settle(work, reminder, exercise, d, actor);
    }
  }

  private async settle(work: Work, reminder: ExerciseReminderEntity, exercise: ExerciseEntity, d: OwnedDeliveryView, actor: string): Promise<void> {
    const status = d.status === 'sent' || d.status === 'sandboxed' ? d.status : 'failed';
    await this.store.setOutcome(reminder.id, status, work.manager);
    await work.audit({
      actor,
      action: 'exercise.reminder_sent',
      subjectType: 'exercise',
      subjectId: exercise.id,
      payload: {
        reminderId: reminder.id,
        leadMinutes: reminder.leadMinutes,
        plannedAt: exercise.plannedAt.toISOString(),
        director: exercise.director.name,
        status,
        deliveryId: d.id,
        attempts: d.attempts,
        proof: d.status === 'sent' ? d.proof : null,
        error: d.error,
        ...(d.acceptedAt ? { acceptedAt: d.acceptedAt.toISOString() } : {}),
      },
    });
    if (status === 'failed') work.afterCommit(() => this.logger.warn({ reminderId: reminder.id, exerciseId: exercise.id }, 'exercise reminder not sent'));
  }
}
