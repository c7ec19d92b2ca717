import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { isUuid } from '../../domain/ids';
import { mselOrder } from '../../domain/exercises/msel.policy';
import { parisYear, programmeStanding } from '../../domain/exercises/programme.policy';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { ExerciseLockService } from './exercise-lock.service';
import { exerciseView } from './exercise-view';
import { ExercisesStore } from './exercises.store';
import { InjectsStore } from './injects.store';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * The programme of a year (C3) and what other modules read of the exercises:
 * `programmeSummary` (the annual report) and `ofEvent` (the after-action report).
 */
@Injectable()
export class ExercisesReadService {
  constructor(
    private readonly store: ExercisesStore,
    private readonly injects: InjectsStore,
    private readonly exercises: ExerciseLockService,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async targetOf(year: number): Promise<number> {
    const row = await this.store.programme(year);
    return row?.target ?? this.config.exercises.targetPerYear;
  }

  async setTarget(year: number, target: number, actor: string) {
    await this.uow.run(async (work) => {
      const before = await this.store.programme(year, work.manager);
      await this.store.setProgrammeTarget(year, target, actor, work.manager);
      await work.audit({ actor, action: 'exercise.programme_target_set', subjectType: 'exercise_programme', subjectId: String(year), payload: { year, target, previous: before?.target ?? null } });
    });
    return this.programme(year);
  }

  /** `GET /api/exercises/programme?year=`: the standing of the year and its exercises. */
  async programme(asked?: number) {
    await this.exercises.syncHeld();
    // The current year, when none is asked, is the database clock's year in Paris (one clock source).
    const now = await this.store.now();
    const year = asked ?? parisYear(now);
    const [target, rows] = await Promise.all([this.targetOf(year), this.store.ofYear(year)]);
    const standing = programmeStanding(year, target, rows, now);
    return { ...standing, now: now.toISOString(), defaultTarget: target === this.config.exercises.targetPerYear, exercises: rows.map(exerciseView) };
  }

  async programmeSummary(year: number) {
    const p = await this.programme(year);
    return {
      year: p.year,
      target: p.target,
      held: p.held,
      planned: p.planned,
      cancelled: p.cancelled,
      overdue: p.overdue,
      onTrack: p.onTrack,
      behindBy: p.behindBy,
      exercises: p.exercises.map((e) => ({ id: e.id, title: e.title, type: e.type, plannedAt: e.plannedAt!, status: e.status, eventId: e.eventId, startedAt: e.startedAt, endedAt: e.endedAt })),
    };
  }

  /** A running exercise whose event was closed is held: the one write to make before a snapshot that reads exercises. */
  syncHeld(): Promise<void> {
    return this.exercises.syncHeld();
  }

  /**
   * The exercise behind an event (null for a real event, or an exercise event created by hand), read in the
   * caller's snapshot `m`, opened after syncHeld: a write inside it could fail on a concurrent one.
   */
  async ofEvent(eventId: string, m: EntityManager) {
    if (!isUuid(eventId)) return null;
    const e = await this.store.ofEvent(eventId, m);
    if (!e) return null;
    const injects = mselOrder(await this.injects.ofExercise(e.id, m));
    return {
      exerciseId: e.id,
      title: e.title,
      type: e.type,
      status: e.status,
      plannedAt: e.plannedAt.toISOString(),
      objectives: e.objectives,
      commitments: e.commitments,
      director: e.director.name,
      players: e.players.map((p) => ({ name: p.name, role: p.role })),
      startedAt: iso(e.startedAt),
      endedAt: iso(e.endedAt),
      mselStartedAt: iso(e.mselStartedAt),
      injects: injects.map((i, n) => ({
        order: n + 1,
        offsetMinutes: i.offsetMinutes,
        scenario: i.scenario,
        recipient: i.recipient,
        means: i.means,
        expectedAction: i.expectedAction,
        status: i.status,
        deliveredAt: iso(i.deliveredAt),
        response: i.response,
        respondedAt: iso(i.respondedAt),
        respondedBy: i.respondedBy,
      })),
    };
  }
}
