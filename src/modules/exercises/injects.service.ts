import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { badRequest, conflict, notFound } from '../../common/app-error';
import { isUuid } from '../../domain/ids';
import { mselOrder, resolveInjectRecipients } from '../../domain/exercises/msel.policy';
import { formatParis } from '../../domain/time/paris-time';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { ExerciseLockService } from './exercise-lock.service';
import { exerciseView } from './exercise-view';
import { ExerciseInjectEntity } from './exercise-inject.entity';
import { ExerciseEntity } from './exercise.entity';
import { CreateInjectDto } from './injects.dto';
import { InjectTimersService } from './inject-timers.service';
import { InjectsStore } from './injects.store';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function injectView(i: ExerciseInjectEntity, order: number) {
  return {
    id: i.id,
    order,
    offsetMinutes: i.offsetMinutes,
    scenario: i.scenario,
    recipient: i.recipient,
    means: i.means,
    expectedAction: i.expectedAction,
    status: i.status,
    fireAt: iso(i.fireAt),
    fireAtParis: i.fireAt ? formatParis(i.fireAt) : null,
    deliveredAt: iso(i.deliveredAt),
    deliveredAtParis: i.deliveredAt ? formatParis(i.deliveredAt) : null,
    response: i.response,
    respondedAt: iso(i.respondedAt),
    respondedBy: i.respondedBy,
  };
}

/** The MSEL of an exercise: the list, and the director's controls (start, pause, resume, skip, add, deliver now). */
@Injectable()
export class InjectsService {
  constructor(
    private readonly store: InjectsStore,
    private readonly exercises: ExerciseLockService,
    private readonly uow: UnitOfWork,
    private readonly timers: InjectTimersService,
  ) {}

  /** The board: the exercise, its MSEL state, the injects in order, the database's now (for countdowns). */
  async board(exerciseId: string) {
    await this.exercises.syncHeld();
    const e = await this.exercises.find(exerciseId);
    const injects = mselOrder(await this.store.ofExercise(exerciseId));
    const now = await this.store.now();
    const next = injects.filter((i) => i.status === 'pending' && i.fireAt).sort((a, b) => a.fireAt!.getTime() - b.fireAt!.getTime())[0];
    return { now: now.toISOString(), exercise: exerciseView(e), nextInjectId: next?.id ?? null, injects: injects.map((i, n) => injectView(i, n + 1)) };
  }

  async add(exerciseId: string, dto: CreateInjectDto, actor: string) {
    return this.uow.run(async (work) => {
      const m = work.manager;
      const e = await this.exercises.lock(m, exerciseId, ['planned', 'running'], 'add an inject (the exercise is over)');
      if (!resolveInjectRecipients(dto.recipient, e.players)) {
        const known = e.players.map((p) => `${p.name} (${p.role})`).join(', ') || 'none yet';
        throw badRequest('inject_recipient_unknown', `recipient "${dto.recipient.trim()}" is neither a player nor a player role of this exercise. Players: ${known}.`);
      }
      const next = (await this.store.lastPosition(e.id, m)) + 1;
      const inject = await m.save(
        m.create(ExerciseInjectEntity, {
          exerciseId: e.id,
          position: next,
          offsetMinutes: dto.offsetMinutes,
          scenario: dto.scenario.trim(),
          recipient: dto.recipient.trim(),
          means: dto.means,
          expectedAction: dto.expectedAction.trim(),
          status: 'pending',
          createdBy: actor,
        }),
      );
      const armed = await this.timers.schedule(m, e, [inject.id]);
      await work.audit({
        actor,
        action: 'exercise.inject_added',
        subjectType: 'exercise_inject',
        subjectId: inject.id,
        payload: {
          ...(e.eventId ? { eventId: e.eventId } : {}),
          exerciseId: e.id,
          offsetMinutes: inject.offsetMinutes,
          scenario: inject.scenario,
          recipient: inject.recipient,
          means: inject.means,
          live: !!e.mselStartedAt,
        },
      });
      const order = mselOrder(await m.find(ExerciseInjectEntity, { where: { exerciseId: e.id } })).findIndex((i) => i.id === inject.id) + 1;
      work.afterCommit(() => this.timers.arm(armed));
      if (e.eventId) work.publish({ eventId: e.eventId, type: 'timeline.appended', data: { exerciseId, action: 'inject_added' } });
      return injectView({ ...inject, fireAt: armed[0]?.fireAt ?? null }, order);
    });
  }

  startMsel(exerciseId: string, actor: string) {
    return this.control(exerciseId, actor, 'exercise.msel_started', async (m, e, now) => {
      if (e.mselStartedAt) throw conflict('msel_already_started', 'The MSEL of this exercise has already been started.');
      e.mselStartedAt = now;
      await m.save(e);
      return { armed: await this.timers.schedule(m, e), disarmed: [], payload: { startedAt: now.toISOString() } };
    });
  }

  pause(exerciseId: string, actor: string) {
    return this.control(exerciseId, actor, 'exercise.msel_paused', async (m, e, now) => {
      if (!e.mselStartedAt) throw conflict('msel_not_started', 'Start the MSEL before pausing it.');
      if (e.mselPausedAt) throw conflict('msel_already_paused', 'The MSEL is already paused.');
      e.mselPausedAt = now;
      await m.save(e);
      return { armed: [], disarmed: await this.timers.unschedule(m, e.id), payload: { pausedAt: now.toISOString() } };
    });
  }

  resume(exerciseId: string, actor: string) {
    return this.control(exerciseId, actor, 'exercise.msel_resumed', async (m, e, now) => {
      if (!e.mselPausedAt) throw conflict('msel_not_paused', 'The MSEL is not paused.');
      const pauseMs = Math.max(0, now.getTime() - e.mselPausedAt.getTime());
      e.mselPausedMs = String(Number(e.mselPausedMs) + pauseMs);
      e.mselPausedAt = null;
      await m.save(e);
      return { armed: await this.timers.schedule(m, e), disarmed: [], payload: { pauseMs, totalPausedMs: Number(e.mselPausedMs) } };
    });
  }

  async skip(exerciseId: string, injectId: string, reason: string | undefined, actor: string) {
    await this.uow.run(async (work) => {
      const m = work.manager;
      const e = await this.exercises.lock(m, exerciseId, ['planned', 'running'], 'skip an inject (the exercise is over)');
      const inject = await this.pendingInject(m, e.id, injectId);
      await m.update(ExerciseInjectEntity, inject.id, { status: 'skipped', fireAt: null });
      await work.audit({
        actor,
        action: 'exercise.inject_skipped',
        subjectType: 'exercise_inject',
        subjectId: inject.id,
        payload: { ...(e.eventId ? { eventId: e.eventId } : {}), exerciseId: e.id, scenario: inject.scenario, reason: reason ?? null },
      });
      work.afterCommit(() => this.timers.disarm([injectId]));
      if (e.eventId) work.publish({ eventId: e.eventId, type: 'timeline.appended', data: { exerciseId, action: 'inject_skipped' } });
    });
    return this.board(exerciseId);
  }

  /** The director delivers an inject at once, ahead of its time. */
  async deliverNow(exerciseId: string, injectId: string, actor: string) {
    await this.uow.run(async (work) => {
      const m = work.manager;
      const e = await this.exercises.lock(m, exerciseId, ['running'], 'deliver an inject (the exercise is not running)');
      const inject = await this.pendingInject(m, e.id, injectId);
      await this.store.dueNow(inject.id, m);
      work.afterCommit(() => this.timers.disarm([injectId]));
    });
    const fired = await this.timers.fire(injectId, actor);
    if (!fired) throw conflict('inject_not_delivered', 'This inject could not be delivered now (already delivered, or the exercise ended meanwhile).');
    return this.board(exerciseId);
  }

  async respond(exerciseId: string, injectId: string, text: string, actor: string) {
    return this.uow.run(async (work) => {
      const m = work.manager;
      const e = await this.exercises.find(exerciseId, m);
      const inject = await this.injectOf(m, e.id, injectId, true);
      if (inject.status !== 'delivered') throw conflict('inject_not_delivered', 'This inject has not been delivered yet: there is nothing to respond to.');
      const now = await work.now();
      inject.response = text.trim();
      inject.respondedAt = now;
      inject.respondedBy = actor;
      await m.save(inject);
      await work.audit({
        actor,
        action: 'exercise.inject_response',
        subjectType: 'exercise_inject',
        subjectId: inject.id,
        payload: { eventId: e.eventId, exerciseId: e.id, scenario: inject.scenario, response: inject.response },
      });
      const order = mselOrder(await m.find(ExerciseInjectEntity, { where: { exerciseId: e.id } })).findIndex((i) => i.id === inject.id) + 1;
      if (e.eventId) work.publish({ eventId: e.eventId, type: 'timeline.appended', data: { exerciseId, action: 'inject_response' } });
      return injectView(inject, order);
    });
  }

  private async control(
    exerciseId: string,
    actor: string,
    action: string,
    change: (m: EntityManager, e: ExerciseEntity, now: Date) => Promise<{ armed: { id: string; fireAt: Date }[]; disarmed: string[]; payload: Record<string, unknown> }>,
  ) {
    await this.uow.run(async (work) => {
      const m = work.manager;
      const now = await work.now();
      const e = await this.exercises.lock(m, exerciseId, ['running'], 'drive its MSEL (start the exercise first; a held exercise is over)');
      const r = await change(m, e, now);
      await work.audit({ actor, action, subjectType: 'exercise', subjectId: e.id, payload: { eventId: e.eventId, ...r.payload } });
      work.afterCommit(() => {
        this.timers.disarm(r.disarmed);
        this.timers.arm(r.armed);
      });
      work.publish({ eventId: e.eventId!, type: 'timeline.appended', data: { exerciseId, action } });
    });
    return this.board(exerciseId);
  }

  private async injectOf(m: EntityManager, exerciseId: string, injectId: string, lock = false): Promise<ExerciseInjectEntity> {
    const inject = isUuid(injectId) ? await m.findOne(ExerciseInjectEntity, { where: { id: injectId, exerciseId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) }) : null;
    if (!inject) throw notFound('inject_not_found', `This exercise has no inject with id ${injectId}.`);
    return inject;
  }

  private async pendingInject(m: EntityManager, exerciseId: string, injectId: string): Promise<ExerciseInjectEntity> {
    const inject = await this.injectOf(m, exerciseId, injectId, true);
    if (inject.status !== 'pending') throw conflict(`inject_${inject.status}`, `This inject is already ${inject.status === 'delivered' ? 'delivered' : 'skipped'}.`);
    return inject;
  }
}
