import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { databaseNow } from '../../database/db-clock';
import { ExerciseProgrammeEntity } from './exercise-programme.entity';
import { ExerciseEntity } from './exercise.entity';

/**
 * The SQL of the exercises, their yearly programme targets and the calendar
 * tokens. Each method takes the work's manager when it runs inside a unit of
 * work, and reads on the default connection otherwise.
 */
@Injectable()
export class ExercisesStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The database clock. */
  now(m: EntityManager = this.dataSource.manager): Promise<Date> {
    return databaseNow(m);
  }

  /** The exercise, FOR UPDATE when `lock`; null when there is none. */
  find(id: string, lock = false, m: EntityManager = this.dataSource.manager): Promise<ExerciseEntity | null> {
    return m.findOne(ExerciseEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  findOrFail(id: string, m: EntityManager = this.dataSource.manager): Promise<ExerciseEntity> {
    return m.getRepository(ExerciseEntity).findOneByOrFail({ id });
  }

  /** The exercise started for this event, if any. */
  ofEvent(eventId: string, m: EntityManager = this.dataSource.manager): Promise<ExerciseEntity | null> {
    return m.getRepository(ExerciseEntity).findOneBy({ eventId });
  }

  /** The exercises planned in a year, by planned time. */
  ofYear(year: number, m: EntityManager = this.dataSource.manager): Promise<ExerciseEntity[]> {
    return m.getRepository(ExerciseEntity).find({ where: { year }, order: { plannedAt: 'ASC' } });
  }

  /** The exercises of the calendar feed: last year's in Paris and later, by planned time. */
  async forCalendar(m: EntityManager = this.dataSource.manager): Promise<ExerciseEntity[]> {
    const [{ from }] = await m.query(`SELECT date_part('year', clock_timestamp() AT TIME ZONE 'Europe/Paris')::int - 1 AS from`);
    return m.getRepository(ExerciseEntity).createQueryBuilder('x').where('x.year >= :from', { from }).orderBy('x.planned_at', 'ASC').getMany();
  }

  async markHeld(id: string, endedAt: Date, m: EntityManager = this.dataSource.manager): Promise<void> {
    await m.update(ExerciseEntity, id, { status: 'held', endedAt });
  }

  /** The events of the running exercises. */
  async runningEventIds(m: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { event_id: string }[] = await m.query(`SELECT event_id FROM exercises WHERE status = 'running' AND event_id IS NOT NULL`);
    return rows.map((r) => r.event_id);
  }

  /** The running exercises of these closed events are held, ended when their event closed. */
  async holdClosed(closed: { id: string; closedAt: Date | null }[], m: EntityManager = this.dataSource.manager): Promise<void> {
    await m.query(
      `UPDATE exercises x SET status = 'held', ended_at = c.closed_at FROM unnest($1::uuid[], $2::timestamptz[]) AS c(event_id, closed_at)
        WHERE x.event_id = c.event_id AND x.status = 'running'`,
      [closed.map((c) => c.id), closed.map((c) => c.closedAt)],
    );
  }

  programme(year: number, m: EntityManager = this.dataSource.manager): Promise<ExerciseProgrammeEntity | null> {
    return m.findOneBy(ExerciseProgrammeEntity, { year });
  }

  async setProgrammeTarget(year: number, target: number, actor: string, m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO exercise_programmes (year, target, updated_by, updated_at) VALUES ($1, $2, $3, clock_timestamp())
       ON CONFLICT (year) DO UPDATE SET target = EXCLUDED.target, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [year, target, actor],
    );
  }

  /** Replaces the user's calendar token by this hash. */
  async setCalendarToken(userId: string, tokenHash: string, m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO exercise_calendar_tokens (user_id, token_hash, created_at) VALUES ($1, $2, clock_timestamp())
         ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = EXCLUDED.created_at`,
      [userId, tokenHash],
    );
  }

  /** The user whose calendar token has this hash, if any. */
  async calendarTokenUser(tokenHash: string, m: EntityManager = this.dataSource.manager): Promise<string | null> {
    const [row] = await m.query(`SELECT user_id FROM exercise_calendar_tokens WHERE token_hash = $1`, [tokenHash]);
    return row?.user_id ?? null;
  }
}
