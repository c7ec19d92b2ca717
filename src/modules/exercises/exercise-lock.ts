import { EntityManager } from 'typeorm';
import { conflict, notFound } from '../../common/app-error';
import { isUuid } from '../../domain/ids';
import type { ExerciseStatus } from '../../domain/exercises/programme.policy';
import { ExerciseEntity } from './exercise.entity';

const STATUS_FR: Record<ExerciseStatus, string> = { planned: 'planned', running: 'running', held: 'already held', cancelled: 'cancelled' };

export async function findExercise(m: EntityManager, id: string, lock = false): Promise<ExerciseEntity> {
  const e = isUuid(id) ? await m.findOne(ExerciseEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) }) : null;
  if (!e) throw notFound('exercise_not_found', `No exercise with id ${id}.`);
  return e;
}

/**
 * Loads the exercise FOR UPDATE, with its status brought up to date (a running
 * exercise whose event was closed is held), and checks it is in one of `allowed`.
 */
export async function lockExercise(m: EntityManager, id: string, allowed: ExerciseStatus[], what: string): Promise<ExerciseEntity> {
  const e = await findExercise(m, id, true);
  if (e.status === 'running' && e.eventId) {
    const [ev] = await m.query('SELECT status, closed_at FROM events WHERE id = $1', [e.eventId]);
    if (ev?.status === 'closed') {
      e.status = 'held';
      e.endedAt = new Date(ev.closed_at);
      await m.update(ExerciseEntity, e.id, { status: 'held', endedAt: e.endedAt });
    }
  }
  if (!allowed.includes(e.status)) throw conflict(`exercise_${e.status}`, `This exercise is ${STATUS_FR[e.status]}: you cannot ${what}.`);
  return e;
}

/** A running exercise whose event was closed is held: brought up to date before it is read. */
export async function syncHeld(m: EntityManager): Promise<void> {
  await m.query(
    `UPDATE exercises x SET status = 'held', ended_at = e.closed_at FROM events e
      WHERE x.event_id = e.id AND x.status = 'running' AND e.status = 'closed'`,
  );
}
