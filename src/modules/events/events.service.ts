import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { badRequest } from '../../common/app-error';
import { validateCommunes } from '../../domain/communes/commune-directory';
import type { EventAction } from '../../domain/events/event-status.policy';
import { UnitOfWork, Work } from '../unit-of-work/unit-of-work.service';
import { formatParis } from '../../domain/time/paris-time';
import { commitmentView, CommitmentsService } from './commitments.service';
import { EventEntity } from './event.entity';
import { lockEventFor } from './event-lock';
import type { EventRecord } from './event-reads.service';
import { eventView, EventView } from './event-view';
import { CloseEventDto, CreateEventDto } from './events.dto';
import { EventsStore } from './events.store';

export type { EventRecord };

/** Major events: creation, reading, closing, and their clocks. Decisions live in EventDecisionsService. */
@Injectable()
export class EventsService {
  constructor(
    private readonly store: EventsStore,
    private readonly uow: UnitOfWork,
    private readonly commitments: CommitmentsService,
  ) {}

  async create(dto: CreateEventDto, actor: string): Promise<EventView> {
    return this.uow.run((work) => this.createIn(work, dto, actor));
  }

  /** Inside the caller's unit of work (an exercise started from the programme is created and linked in one). */
  async createIn(work: Work, dto: CreateEventDto, actor: string): Promise<EventView> {
    const m = work.manager;
    const communes = validateCommunes(dto.communes);
    if (!communes.ok) throw badRequest(communes.code, `communes: ${communes.message}`, { unknownCodes: communes.unknownCodes, duplicateCodes: communes.duplicateCodes });
    const event = await m.save(
      m.create(EventEntity, {
        title: dto.title.trim(),
        kind: dto.kind,
        mode: dto.mode,
        communes: communes.communes.map((c) => ({ code: c.code, name: c.name })),
        synergiRef: dto.synergiRef?.trim() || null,
        createdBy: actor,
      }),
    );
    await work.audit({
      actor,
      action: 'event.created',
      subjectType: 'event',
      subjectId: event.id,
      payload: { title: event.title, kind: event.kind, mode: event.mode, communes: event.communes, synergiRef: event.synergiRef },
    });
    return eventView(event);
  }

  async list(filter: { status?: string; mode?: string } = {}): Promise<EventView[]> {
    const where: Record<string, string> = {};
    if (filter.status) where.status = filter.status;
    if (filter.mode) where.mode = filter.mode;
    return (await this.store.list(where)).map(eventView);
  }

  /** The events with these ids, in one query (lists that name the event of each row). */
  async byIds(ids: string[]): Promise<EventView[]> {
    if (ids.length === 0) return [];
    return (await this.store.byIds([...new Set(ids)])).map(eventView);
  }

  /** `m`: a caller's transaction, e.g. the proof bundle's snapshot. */
  async get(id: string, m?: EntityManager): Promise<EventView> {
    return eventView(await this.store.find(id, m));
  }

  /**
   * Inside the caller's unit of work (`m`: its manager): the event locked FOR
   * UPDATE until the caller commits, and a 409 unless `action` is allowed in
   * its state. What a module that writes about an event (a message) holds
   * while it does, so that it serialises with the event's decisions.
   */
  lockFor(m: EntityManager, id: string, action: EventAction, now: Date): Promise<EventRecord> {
    return lockEventFor(m, id, action, now);
  }

  async commitmentsOf(id: string, m?: EntityManager) {
    return this.store.read(async (rm) => {
      const event = await this.store.find(id, rm);
      const now = await this.store.now(rm);
      const commitments = await this.commitments.compute(rm, event, now);
      return { eventId: id, mode: event.mode, now: now.toISOString(), nowParis: formatParis(now), commitments: commitments.map(commitmentView) };
    }, m);
  }

  async close(id: string, dto: CloseEventDto, actor: string): Promise<EventView> {
    return this.uow.run(async (work) => {
      const now = await work.now();
      const event = await lockEventFor(work.manager, id, 'close', now);
      event.status = 'closed';
      event.closedAt = now;
      await work.manager.save(event);
      await work.audit({ actor, action: 'event.closed', subjectType: 'event', subjectId: id, payload: { reason: dto.reason ?? null } });
      work.publish({ eventId: id, type: 'event.changed', data: { status: 'closed' } });
      return eventView(event);
    });
  }
}
