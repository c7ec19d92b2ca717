import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { badRequest } from '../../common/app-error';
import { validateCommunes } from '../../domain/communes/commune-directory';
import { checkDirector, checkPlayers, Director, Player } from '../../domain/exercises/exercise-people.policy';
import { parisYear } from '../../domain/exercises/programme.policy';
import { EventsService } from '../events/events.service';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { ExerciseRemindersService } from './exercise-reminders.service';
import { ExerciseLockService } from './exercise-lock.service';
import { exerciseView, ExerciseView } from './exercise-view';
import { ExerciseEntity } from './exercise.entity';
import { ExercisesStore } from './exercises.store';
import { CreateExerciseDto, ReasonDto, StartExerciseDto, UpdateExerciseDto } from './exercises.dto';
import { InjectTimersService } from './inject-timers.service';

/** The exercises of the programme: plan, change while planned, cancel, start (its event), end. */
@Injectable()
export class ExercisesService {
  constructor(
    private readonly store: ExercisesStore,
    private readonly exercises: ExerciseLockService,
    private readonly uow: UnitOfWork,
    private readonly events: EventsService,
    private readonly reminders: ExerciseRemindersService,
    private readonly injectTimers: InjectTimersService,
  ) {}

  async create(dto: CreateExerciseDto, actor: string): Promise<ExerciseView> {
    const people = this.checkPeople(dto.director, dto.players ?? []);
    const communes = this.checkCommunes(dto.communes ?? []);
    return this.uow.run(async (work) => {
      const m = work.manager;
      const now = await work.now();
      const plannedAt = this.checkPlannedAt(dto.plannedAt, now);
      const e = await m.save(
        m.create(ExerciseEntity, {
          title: dto.title.trim(),
          plannedAt,
          year: parisYear(plannedAt),
          kind: dto.kind,
          type: dto.type,
          objectives: (dto.objectives ?? []).map((o) => o.trim()),
          commitments: [...new Set(dto.commitments ?? [])].sort(),
          communes,
          director: people.director,
          players: people.players,
          status: 'planned',
          createdBy: actor,
        }),
      );
      await work.audit({ actor, action: 'exercise.planned', subjectType: 'exercise', subjectId: e.id, payload: this.auditFields(e) });
      const armed = await this.reminders.replan(m, e, now);
      work.afterCommit(() => this.reminders.arm(armed));
      return exerciseView(e);
    });
  }

  async list(asked?: number): Promise<ExerciseView[]> {
    await this.exercises.syncHeld();
    const year = asked ?? parisYear(await this.store.now());
    const rows = await this.store.ofYear(year);
    return rows.map(exerciseView);
  }

  async get(id: string): Promise<ExerciseView> {
    await this.exercises.syncHeld();
    return exerciseView(await this.exercises.find(id));
  }

  async update(id: string, dto: UpdateExerciseDto, actor: string): Promise<ExerciseView> {
    if (Object.values(dto).every((v) => v === undefined))
      throw badRequest('nothing_to_change', 'Send at least one field to change (title, plannedAt, kind, type, objectives, commitments, communes, director, players).');
    const people = dto.director || dto.players ? this.checkPeople(dto.director, dto.players) : null;
    const communes = dto.communes ? this.checkCommunes(dto.communes) : null;
    return this.uow.run(async (work) => {
      const m = work.manager;
      const now = await work.now();
      const e = await this.exercises.lock(m, id, ['planned'], 'change it (only a planned exercise can be changed)');
      const changed: string[] = [];
      if (dto.title !== undefined) ((e.title = dto.title.trim()), changed.push('title'));
      if (dto.kind !== undefined) ((e.kind = dto.kind), changed.push('kind'));
      if (dto.type !== undefined) ((e.type = dto.type), changed.push('type'));
      if (dto.objectives !== undefined) ((e.objectives = dto.objectives.map((o) => o.trim())), changed.push('objectives'));
      if (dto.commitments !== undefined) ((e.commitments = [...new Set(dto.commitments)].sort()), changed.push('commitments'));
      if (communes) ((e.communes = communes), changed.push('communes'));
      if (people?.director) ((e.director = people.director), changed.push('director'));
      if (people?.players) ((e.players = people.players), changed.push('players'));
      const moved = dto.plannedAt !== undefined && new Date(dto.plannedAt).getTime() !== e.plannedAt.getTime();
      if (moved) {
        e.plannedAt = this.checkPlannedAt(dto.plannedAt!, now);
        e.year = parisYear(e.plannedAt);
        changed.push('plannedAt');
      }
      await m.save(e);
      await work.audit({ actor, action: 'exercise.updated', subjectType: 'exercise', subjectId: e.id, payload: { changed, ...this.auditFields(e) } });
      let armed: { id: string; fireAt: Date }[] = [];
      let dropped: string[] = [];
      if (moved) {
        dropped = await this.reminders.drop(m, e.id);
        armed = await this.reminders.replan(m, e, now);
      }
      work.afterCommit(() => this.reminders.arm(armed, dropped));
      return exerciseView(e);
    });
  }

  async cancel(id: string, dto: ReasonDto, actor: string): Promise<ExerciseView> {
    return this.uow.run(async (work) => {
      const m = work.manager;
      const now = await work.now();
      const e = await this.exercises.lock(m, id, ['planned'], 'cancel it (only a planned exercise can be cancelled)');
      e.status = 'cancelled';
      e.cancelledAt = now;
      await m.save(e);
      const dropped = await this.reminders.drop(m, e.id);
      await work.audit({
        actor,
        action: 'exercise.cancelled',
        subjectType: 'exercise',
        subjectId: e.id,
        payload: { title: e.title, plannedAt: e.plannedAt.toISOString(), reason: dto.reason ?? null },
      });
      work.afterCommit(() => this.reminders.arm([], dropped));
      return exerciseView(e);
    });
  }

  /** Creates the exercise's event (mode exercise, the same clocks as a real one) and links it, in one transaction. */
  async start(id: string, dto: StartExerciseDto, actor: string): Promise<ExerciseView> {
    return this.uow.run(async (work) => {
      const m = work.manager;
      const now = await work.now();
      const e = await this.exercises.lock(m, id, ['planned'], 'start it (only a planned exercise can be started)');
      const communes = dto.communes ?? e.communes;
      if (!communes.length) throw badRequest('communes_required', 'Name the communes of the scenario (INSEE codes such as 88160): the exercise has none of its own.');
      const event = await this.events.createIn(work, { title: dto.title ?? e.title, kind: dto.kind ?? e.kind, mode: 'exercise', communes }, actor);
      e.status = 'running';
      e.eventId = event.id;
      e.startedAt = now;
      await m.save(e);
      const dropped = await this.reminders.drop(m, e.id);
      await work.audit({
        actor,
        action: 'exercise.started',
        subjectType: 'exercise',
        subjectId: e.id,
        payload: { eventId: event.id, title: e.title, type: e.type, plannedAt: e.plannedAt.toISOString(), director: e.director.name },
      });
      work.afterCommit(() => this.reminders.arm([], dropped));
      work.publish({ eventId: event.id, type: 'timeline.appended', data: { exerciseId: e.id } });
      return exerciseView(e);
    });
  }

  /** The director ends the exercise: it is held; injects still to come will not be delivered. */
  async end(id: string, dto: ReasonDto, actor: string): Promise<ExerciseView> {
    return this.uow.run(async (work) => {
      const m = work.manager;
      const now = await work.now();
      const e = await this.exercises.lock(m, id, ['running'], 'end it (only a running exercise can be ended)');
      e.status = 'held';
      e.endedAt = now;
      await m.save(e);
      const disarmed = await this.injectTimers.unschedule(m, e.id);
      await work.audit({ actor, action: 'exercise.ended', subjectType: 'exercise', subjectId: e.id, payload: { eventId: e.eventId, reason: dto.reason ?? null } });
      work.afterCommit(() => this.injectTimers.disarm(disarmed));
      work.publish({ eventId: e.eventId!, type: 'timeline.appended', data: { exerciseId: e.id } });
      return exerciseView(e);
    });
  }

  private checkPlannedAt(value: string, now: Date): Date {
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) throw badRequest('planned_at_invalid', 'plannedAt must be a date and time such as 2027-03-18T09:30:00+01:00.');
    if (at.getTime() <= now.getTime()) throw badRequest('planned_at_past', 'plannedAt is in the past: an exercise is planned ahead (start it from the programme when it happens).');
    return at;
  }

  private checkCommunes(codes: string[]): string[] {
    if (!codes.length) return [];
    const c = validateCommunes(codes);
    if (!c.ok) throw badRequest(c.code, `communes: ${c.message}`, { unknownCodes: c.unknownCodes, duplicateCodes: c.duplicateCodes });
    return c.communes.map((x) => x.code);
  }

  private checkPeople(director: CreateExerciseDto['director'] | undefined, players: CreateExerciseDto['players'] | undefined): { director?: Director; players?: Player[] } {
    const out: { director?: Director; players?: Player[] } = {};
    if (director) {
      const d = checkDirector(director);
      if (!d.ok) throw badRequest(d.code, d.message);
      out.director = d.value;
    }
    if (players) {
      const p = checkPlayers(players, randomUUID);
      if (!p.ok) throw badRequest(p.code, p.message);
      out.players = p.value;
    }
    return out;
  }

  /** Names and roles only: the audit log can never be erased, addresses stay in the row. */
  private auditFields(e: ExerciseEntity) {
    return {
      title: e.title,
      plannedAt: e.plannedAt.toISOString(),
      kind: e.kind,
      type: e.type,
      objectives: e.objectives,
      commitments: e.commitments,
      director: e.director.name,
      players: e.players.map((p) => ({ name: p.name, role: p.role })),
    };
  }
}
