import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { reminderMessage, reminderTimes } from '../../domain/exercises/reminder.policy';
import { ChannelsService } from '../channels/channels.service';
import { BackgroundLoops } from '../scheduler/background-loops.service';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { DurableTimers } from './durable-timers';
import { ExerciseReminderEntity } from './exercise-reminder.entity';
import { ExerciseRemindersStore } from './exercise-reminders.store';
import { ExerciseEntity } from './exercise.entity';
import { ExercisesStore } from './exercises.store';
import { InjectsStore } from './injects.store';

/**
 * Reminders to the exercise director, 7 days and 1 day before (EXERCISE_REMINDER_LEADS_MINUTES).
 * A row per reminder; the conditional UPDATE on fired_at decides who sends it,
 * once across restarts and instances. The note is sent after that claim has
 * committed: a crash in between loses that one reminder rather than sending it twice.
 */
@Injectable()
export class ExerciseRemindersService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ExerciseRemindersService.name);
  private readonly timers: DurableTimers;

  constructor(
    private readonly store: ExerciseRemindersStore,
    private readonly exercises: ExercisesStore,
    private readonly injects: InjectsStore,
    loops: BackgroundLoops,
    private readonly channels: ChannelsService,
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

  /** Sends one reminder if this process claims it; null when it was not due or already fired. */
  async fire(reminderId: string): Promise<{ reminderId: string; outcome: string } | null> {
    const claimed = await this.store.claim(reminderId);
    if (!claimed) return null;
    const exercise = await this.exercises.findOrFail(claimed.exercise_id);
    if (exercise.status !== 'planned') {
      await this.store.setOutcome(claimed.id, 'dropped');
      return { reminderId: claimed.id, outcome: 'dropped' };
    }
    const count = await this.injects.count(exercise.id);
    const msg = reminderMessage({
      title: exercise.title,
      type: exercise.type,
      plannedAt: exercise.plannedAt,
      leadMinutes: claimed.lead_minutes,
      directorName: exercise.director.name,
      players: exercise.players.length,
      injects: count,
    });
    const outcome = await this.channels.send({
      reference: claimed.id,
      channel: 'email',
      to: exercise.director.email,
      subject: msg.subject,
      text: msg.text,
      marker: `EXR-${claimed.id.slice(0, 8)}`,
      // A real note to a member of staff about a coming exercise, not an exercise message.
      exercise: false,
    });
    const status = outcome.kind === 'sent' || outcome.kind === 'sandboxed' ? outcome.kind : 'failed';
    await this.uow.run(async (work) => {
      await this.store.setOutcome(claimed.id, status, work.manager);
      await work.audit({
        actor: 'system',
        action: 'exercise.reminder_sent',
        subjectType: 'exercise',
        subjectId: exercise.id,
        payload: {
          reminderId: claimed.id,
          leadMinutes: claimed.lead_minutes,
          plannedAt: exercise.plannedAt.toISOString(),
          director: exercise.director.name,
          status,
          proof: outcome.kind === 'sent' ? outcome.proof : null,
          error: 'reason' in outcome ? outcome.reason : null,
        },
      });
    });
    if (status === 'failed') this.logger.warn({ reminderId: claimed.id, exerciseId: exercise.id }, 'exercise reminder not sent');
    return { reminderId: claimed.id, outcome: status };
  }
}
