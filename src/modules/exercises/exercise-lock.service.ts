import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { conflict, notFound } from '../../common/app-error';
import { isUuid } from '../../domain/ids';
import type { ExerciseStatus } from '../../domain/exercises/programme.policy';
import { EventReadsService } from '../events/event-reads.service';
import { ExerciseEntity } from './exercise.entity';
import { ExercisesStore } from './exercises.store';

const STATUS_FR: Record<ExerciseStatus, string> = { planned: 'planned', running: 'running', held: 'already held', cancelled: 'cancelled' };

/**
 * An exercise as its status stands: a running exercise whose event was closed
 * is held, and is brought up to date before it is read or changed.
 */
@Injectable()
export class ExerciseLockService {
  constructor(
    private readonly store: ExercisesStore,
    private readonly events: EventReadsService,
  ) {}

  async find(id: string, m?: EntityManager, lock = false): Promise<ExerciseEntity> {
    const e = isUuid(id) ? await this.store.find(id, lock, m) : null;
    if (!e) throw notFound('exercise_not_found', `No exercise with id ${id}.`);
    return e;
  }

  /**
   * Loads the exercise FOR UPDATE, with its status brought up to date (a running
   * exercise whose event was closed is held), and checks it is in one of `allowed`.
   */
  async lock(m: EntityManager, id: string, allowed: ExerciseStatus[], what: string): Promise<ExerciseEntity> {
    const e = await this.find(id, m, true);
    if (e.status === 'running' && e.eventId) {
      const [ev] = await this.events.closedAmong([e.eventId], m);
      if (ev) {
        e.status = 'held';
        e.endedAt = new Date(ev.closedAt!);
        await this.store.markHeld(e.id, e.endedAt, m);
      }
    }
    if (!allowed.includes(e.status)) throw conflict(`exercise_${e.status}`, `This exercise is ${STATUS_FR[e.status]}: you cannot ${what}.`);
    return e;
  }

  /** A running exercise whose event was closed is held: brought up to date before it is read. */
  async syncHeld(m?: EntityManager): Promise<void> {
    const eventIds = await this.store.runningEventIds(m);
    if (!eventIds.length) return;
    const closed = await this.events.closedAmong(eventIds, m);
    if (closed.length) await this.store.holdClosed(closed, m);
  }
}
