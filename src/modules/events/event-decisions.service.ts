import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { badRequest } from '../../common/app-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Audience, CommitmentKey } from '../../domain/events/commitment-clocks';
import { DecisionTimeSettings, DEFAULT_DECISION_TIME_SETTINGS, validateDecisionTime } from '../../domain/events/decision-time.policy';
import { checkEventAction, EventAction } from '../../domain/events/event-status.policy';
import { validateNationalInformationNumber } from '../../domain/events/phone-number';
import { UnitOfWork, type Work } from '../unit-of-work/unit-of-work.service';
import { EventFactEntity } from './event-fact.entity';
import { EventEntity } from './event.entity';
import { findEvent, lockEventFor } from './event-lock';
import { EventTimersService } from './event-timers.service';
import { eventView, EventView } from './event-view';
import { EventsStore } from './events.store';
import { CipOpenedDto, CipOrderDto, CodActivationDto, ManualFactDto } from './events.dto';

/** A change of the cell's facts made inside the cell module's unit of work (which arms the timers and notifies after commit). */
export interface CellFactChange {
  event: EventView;
  at: Date;
  /** False when the fact was already recorded (a second call of the cell, a second acknowledgement race). */
  changed: boolean;
}

interface DecisionContext {
  m: EntityManager;
  event: EventEntity;
  now: Date;
  /** Clocks that started with this decision: their timers are planned and armed. */
  started: CommitmentKey[];
}

/**
 * The decisions recorded on a major event. Each runs in one transaction: the
 * event locked, the rule checked, the change, its audit entry, its timers; the
 * timers are armed and the live notification sent only after commit.
 */
@Injectable()
export class EventDecisionsService {
  private readonly decisionSettings: DecisionTimeSettings;

  constructor(
    private readonly timers: EventTimersService,
    private readonly store: EventsStore,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.decisionSettings = {
      ...DEFAULT_DECISION_TIME_SETTINGS,
      retroactiveWithoutReasonMinutes: config.clocks.retroactiveWithoutReasonMinutes,
      futureToleranceSeconds: config.clocks.futureToleranceSeconds,
    };
  }

  activateCod(id: string, dto: CodActivationDto, actor: string): Promise<EventView> {
    return this.decide(
      id,
      'activate_cod',
      async (ctx) => {
        const t = this.decisionTime(dto.decidedAt, ctx.now, dto.reason, 'decidedAt');
        Object.assign(ctx.event, {
          status: 'cod_active',
          codDecidedAt: t.decidedAt,
          codRecordedAt: t.recordedAt,
          codDecidedBy: dto.decidedBy.trim(),
          codRecordedBy: actor,
          codReason: t.reason,
          synergiRef: dto.synergiRef?.trim() || ctx.event.synergiRef,
        });
        ctx.started.push('C2-elected', 'C2-public', 'C2-media');
        return {
          action: 'event.cod_activated',
          payload: {
            decidedAt: t.decidedAt.toISOString(),
            recordedAt: t.recordedAt.toISOString(),
            decidedBy: dto.decidedBy.trim(),
            retroactive: t.retroactive,
            reason: t.reason,
            synergiRef: ctx.event.synergiRef,
          },
        };
      },
      actor,
    );
  }

  orderCip(id: string, dto: CipOrderDto, actor: string): Promise<EventView> {
    return this.decide(
      id,
      'cip_order',
      async (ctx) => {
        const number = validateNationalInformationNumber(dto.nationalNumber);
        if (!number.ok) throw badRequest(`nnip_${number.code}`, number.message);
        const t = this.decisionTime(dto.orderedAt, ctx.now, dto.reason, 'orderedAt');
        Object.assign(ctx.event, { cipOrderedAt: t.decidedAt, cipRecordedAt: t.recordedAt, cipOrderedBy: dto.orderedBy.trim(), cipNumber: number.e164 });
        ctx.started.push('C4');
        return {
          action: 'event.cip_ordered',
          payload: {
            orderedAt: t.decidedAt.toISOString(),
            recordedAt: t.recordedAt.toISOString(),
            orderedBy: dto.orderedBy.trim(),
            nationalNumber: number.e164,
            nationalNumberDisplay: number.display,
            retroactive: t.retroactive,
            reason: t.reason,
          },
        };
      },
      actor,
    );
  }

  openCip(id: string, dto: CipOpenedDto, actor: string): Promise<EventView> {
    return this.decide(
      id,
      'cip_opened',
      async (ctx) => {
        const t = this.decisionTime(dto.openedAt, ctx.now, dto.reason, 'openedAt');
        if (ctx.event.cipOrderedAt && t.decidedAt < ctx.event.cipOrderedAt) {
          throw badRequest('cip_opened_before_order', 'The CIP cannot have opened before the prefect ordered it: check openedAt.');
        }
        ctx.event.cipOpenedAt = t.decidedAt;
        return { action: 'event.cip_opened', payload: { openedAt: t.decidedAt.toISOString(), recordedAt: t.recordedAt.toISOString(), retroactive: t.retroactive, reason: t.reason } };
      },
      actor,
    );
  }

  recordManualFact(id: string, dto: ManualFactDto, actor: string): Promise<EventView> {
    return this.decide(
      id,
      'record_fact',
      async (ctx) => {
        const t = this.decisionTime(dto.occurredAt, ctx.now, dto.reason, 'occurredAt');
        const fact = await ctx.m.save(
          ctx.m.create(EventFactEntity, {
            eventId: ctx.event.id,
            audience: dto.audience,
            manual: true,
            description: dto.description.trim(),
            means: dto.means.trim(),
            occurredAt: t.decidedAt,
            recordedBy: dto.doneBy?.trim() || actor,
          }),
        );
        return {
          action: 'event.fact_recorded',
          payload: {
            factId: fact.id,
            audience: dto.audience,
            manual: true,
            description: fact.description,
            means: fact.means,
            occurredAt: t.decidedAt.toISOString(),
            doneBy: fact.recordedBy,
            reason: t.reason,
          },
        };
      },
      actor,
    );
  }

  /**
   * For the delivery worker (messages issue): a channel accepted a factual
   * message for an audience. Runs in the worker's transaction.
   */
  /**
   * Takes the events' rows (KEY SHARE, what an event fact's foreign key takes)
   * before the caller takes the audit chain lock. Every decision on an event
   * locks the event, then appends to the chain; a delivery batch that took the
   * chain first and the event second (inserting a C2 fact) deadlocked with a
   * dispatch on the same event. One order for everyone: event, then chain.
   */
  async holdEventsForFacts(m: EntityManager, eventIds: string[]): Promise<void> {
    if (eventIds.length === 0) return;
    await this.store.holdForFacts(m, [...new Set(eventIds)].sort());
  }

  async recordAcceptedFact(work: Work, input: { eventId: string; audience: Audience; at: Date; means: string; description: string; deliveryId: string; messageId: string }): Promise<void> {
    const { messageId, at, ...fact } = input;
    const m = work.manager;
    const saved = await m.save(m.create(EventFactEntity, { ...fact, manual: false, occurredAt: at, recordedBy: 'system' }));
    await work.audit({
      actor: 'system',
      action: 'event.fact_recorded',
      subjectType: 'event',
      subjectId: input.eventId,
      payload: { factId: saved.id, audience: input.audience, manual: false, description: input.description, means: input.means, occurredAt: at.toISOString(), deliveryId: input.deliveryId, messageId },
    });
  }

  /**
   * For the cell module, inside its unit of work: the cell is being called.
   * The first call starts C1 (calling again re-pages, the clock keeps its
   * start). The event stays locked until the caller commits; the caller audits
   * the call with the paging it did. Timers are armed after commit.
   */
  async markCellCalled(work: Work, eventId: string): Promise<CellFactChange> {
    const m = work.manager;
    const now = await work.now();
    const event = await lockEventFor(m, eventId, 'call_cell', now);
    if (event.cellCalledAt) return { event: eventView(event), at: now, changed: false };
    event.cellCalledAt = now;
    await m.save(event);
    const timers = await this.timers.planFor(m, event, ['C1'], now);
    this.afterCommit(work, eventId, timers, 'cell');
    return { event: eventView(event), at: now, changed: true };
  }

  /**
   * For the cell module, inside its unit of work: the cell is operational at
   * `at`, which meets C1. Declared by a person, a refusal (not called, already
   * operational, closed) is a 409; automatic (every required role
   * acknowledged), it is simply not recorded (`changed: false`).
   */
  async markCellOperational(work: Work, eventId: string, at: Date, opts: { auto: boolean }): Promise<CellFactChange> {
    const m = work.manager;
    let event: EventEntity;
    if (opts.auto) {
      event = await findEvent(m, eventId, true);
      if (!checkEventAction(event, 'declare_cell_operational', at).allowed) return { event: eventView(event), at, changed: false };
    } else {
      event = await lockEventFor(m, eventId, 'declare_cell_operational', at);
    }
    event.cellOperationalAt = at;
    await m.save(event);
    this.afterCommit(work, eventId, [], 'cell');
    return { event: eventView(event), at, changed: true };
  }

  /** For the cell module, inside its transaction: the event as it stands; `lock` serialises acknowledgements of one event. */
  async eventForCell(m: EntityManager, eventId: string, lock: boolean): Promise<EventView> {
    return eventView(await findEvent(m, eventId, lock));
  }

  /** After commit: the new timers armed, the console told. */
  private afterCommit(work: Work, eventId: string, timers: Awaited<ReturnType<EventTimersService['planFor']>>, action: string): void {
    work.afterCommit(() => this.timers.arm(timers));
    work.publish({ eventId, type: 'event.changed', data: { action } });
    work.publish({ eventId, type: 'clock.changed', data: {} });
  }

  private decisionTime(value: string | undefined, now: Date, reason: string | undefined, field: string) {
    const t = validateDecisionTime({ decidedAt: value ? new Date(value) : undefined, recordedAt: now, reason }, this.decisionSettings);
    if (!t.ok) throw badRequest(t.code, `${field}: ${t.message}`);
    return t;
  }

  private async decide(id: string, action: EventAction, apply: (ctx: DecisionContext) => Promise<{ action: string; payload: Record<string, unknown> }>, actor: string): Promise<EventView> {
    return this.uow.run(async (work) => {
      const m = work.manager;
      const now = await work.now();
      const event = await lockEventFor(m, id, action, now);
      const ctx: DecisionContext = { m, event, now, started: [] };
      const entry = await apply(ctx);
      await m.save(event);
      await work.audit({ actor, action: entry.action, subjectType: 'event', subjectId: id, payload: entry.payload });
      const planned = ctx.started.length ? await this.timers.planFor(m, event, ctx.started, now) : [];
      this.afterCommit(work, id, planned, entry.action);
      return eventView(event);
    });
  }
}
