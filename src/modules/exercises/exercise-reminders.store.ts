import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { databaseNow } from '../../database/db-clock';
import { updateReturning } from '../../database/sql';
import { ExerciseReminderEntity } from './exercise-reminder.entity';

/** The SQL of the director's reminders: `fired_at` is the claim that lets one process queue a reminder. */
@Injectable()
export class ExerciseRemindersStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The database clock. */
  now(m: EntityManager = this.dataSource.manager): Promise<Date> {
    return databaseNow(m);
  }

  /** The unfired reminders due within `aheadSeconds` (all when null). */
  async due(aheadSeconds: number | null, m: EntityManager = this.dataSource.manager): Promise<{ id: string; fireAt: Date }[]> {
    const rows: { id: string; fire_at: Date }[] = await m.query(
      `SELECT id, fire_at FROM exercise_reminders WHERE fired_at IS NULL AND ($1::float8 IS NULL OR fire_at <= clock_timestamp() + make_interval(secs => $1::float8))
        ORDER BY fire_at, id`,
      [aheadSeconds],
    );
    return rows.map((r) => ({ id: r.id, fireAt: new Date(r.fire_at) }));
  }

  /** The exercise's unsent reminders are dropped; their ids. */
  async drop(exerciseId: string, m: EntityManager): Promise<string[]> {
    const rows = await updateReturning<{ id: string }>(m, `UPDATE exercise_reminders SET fired_at = clock_timestamp(), outcome = 'dropped' WHERE exercise_id = $1 AND fired_at IS NULL RETURNING id`, [
      exerciseId,
    ]);
    return rows.map((r) => r.id);
  }

  async find(reminderId: string, m: EntityManager = this.dataSource.manager): Promise<ExerciseReminderEntity | null> {
    return m.getRepository(ExerciseReminderEntity).findOneBy({ id: reminderId });
  }

  /** Claims a due reminder, in the transaction that queues its note; null when it was not due or already fired. */
  async claim(reminderId: string, m: EntityManager = this.dataSource.manager): Promise<{ id: string; exercise_id: string; lead_minutes: number } | null> {
    const [claimed] = await updateReturning<{ id: string; exercise_id: string; lead_minutes: number }>(
      m,
      `UPDATE exercise_reminders SET fired_at = clock_timestamp(), outcome = 'queued'
        WHERE id = $1 AND fired_at IS NULL AND fire_at <= clock_timestamp() RETURNING id, exercise_id, lead_minutes`,
      [reminderId],
    );
    return claimed ?? null;
  }

  async setOutcome(reminderId: string, outcome: string, m: EntityManager = this.dataSource.manager): Promise<void> {
    await m.query('UPDATE exercise_reminders SET outcome = $2 WHERE id = $1', [reminderId, outcome]);
  }
}
