import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { databaseNow } from '../../database/db-clock';
import { updateReturning } from '../../database/sql';
import { ExerciseInjectEntity } from './exercise-inject.entity';

/** An inject claimed for delivery: its due time and the time of the claim. */
export interface ClaimedInject {
  id: string;
  exercise_id: string;
  fire_at: Date;
  delivered_at: Date;
}

/**
 * The SQL of the injects of the MSELs. `fire_at` is an inject's due time (null
 * when not scheduled), `fired_at` the claim that lets one process deliver it.
 */
@Injectable()
export class InjectsStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The database clock. */
  now(m: EntityManager = this.dataSource.manager): Promise<Date> {
    return databaseNow(m);
  }

  ofExercise(exerciseId: string, m: EntityManager = this.dataSource.manager): Promise<ExerciseInjectEntity[]> {
    return m.find(ExerciseInjectEntity, { where: { exerciseId } });
  }

  async count(exerciseId: string, m: EntityManager = this.dataSource.manager): Promise<number> {
    const [{ count }] = await m.query('SELECT count(*)::int AS count FROM exercise_injects WHERE exercise_id = $1', [exerciseId]);
    return count;
  }

  /** The highest position in the exercise's MSEL (0 when it has none). */
  async lastPosition(exerciseId: string, m: EntityManager): Promise<number> {
    const [{ last }] = await m.query('SELECT COALESCE(max(position), 0) AS last FROM exercise_injects WHERE exercise_id = $1', [exerciseId]);
    return Number(last);
  }

  /** The scheduled, unfired injects due within `aheadSeconds` (all when null). */
  async due(aheadSeconds: number | null, m: EntityManager = this.dataSource.manager): Promise<{ id: string; fireAt: Date }[]> {
    const rows: { id: string; fire_at: Date }[] = await m.query(
      `SELECT id, fire_at FROM exercise_injects WHERE fired_at IS NULL AND fire_at IS NOT NULL
          AND ($1::float8 IS NULL OR fire_at <= clock_timestamp() + make_interval(secs => $1::float8)) ORDER BY fire_at, id`,
      [aheadSeconds],
    );
    return rows.map((r) => ({ id: r.id, fireAt: new Date(r.fire_at) }));
  }

  /** The MSEL is paused or over: its pending injects lose their due time. The ids unscheduled. */
  async unschedule(exerciseId: string, m: EntityManager): Promise<string[]> {
    const rows = await updateReturning<{ id: string }>(
      m,
      `UPDATE exercise_injects SET fire_at = NULL WHERE exercise_id = $1 AND status = 'pending' AND fired_at IS NULL AND fire_at IS NOT NULL RETURNING id`,
      [exerciseId],
    );
    return rows.map((r) => r.id);
  }

  /** Claims a due, pending inject as delivered; null when it was not due or another process claimed it. */
  async claim(injectId: string, m: EntityManager): Promise<ClaimedInject | null> {
    const [claimed] = await updateReturning<ClaimedInject>(
      m,
      `UPDATE exercise_injects SET fired_at = clock_timestamp(), delivered_at = clock_timestamp(), status = 'delivered'
          WHERE id = $1 AND fired_at IS NULL AND status = 'pending' AND fire_at IS NOT NULL AND fire_at <= clock_timestamp()
          RETURNING id, exercise_id, fire_at, delivered_at`,
      [injectId],
    );
    return claimed ?? null;
  }

  /** Undoes a claim: the inject stays undelivered and unscheduled. */
  async release(injectId: string, m: EntityManager): Promise<void> {
    await m.query(`UPDATE exercise_injects SET fired_at = NULL, delivered_at = NULL, status = 'pending', fire_at = NULL WHERE id = $1`, [injectId]);
  }

  /** Due now, on the database clock. */
  async dueNow(injectId: string, m: EntityManager): Promise<void> {
    await m.query('UPDATE exercise_injects SET fire_at = clock_timestamp() WHERE id = $1', [injectId]);
  }
}
