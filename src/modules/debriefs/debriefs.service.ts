import type { EventMode } from '../../domain/events/event-mode';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { databaseNow } from '../../database/db-clock';
import { ActionStatus, DebriefPhase, isOverdue } from '../../domain/debriefs/debrief.policy';
import { formatParis, parisDay } from '../../domain/time/paris-time';
import { EventsService } from '../events/events.service';
import { DebriefActionEntity } from './debrief-action.entity';
import { debriefView, DebriefView, frenchDay } from './debrief-view';
import { DebriefEntity } from './debrief.entity';

export interface ActionsFilter {
  /** The year of the actions' due date (a calendar day, Paris). */
  year?: number;
  overdueOnly?: boolean;
}

const PHASE_ORDER: Record<DebriefPhase, number> = { hot: 0, cold: 1 };

/**
 * Reading debriefs and their action plans: the RETEX tab of an event, the
 * overdue actions of the console, and what the reports print (`ofEvent`,
 * `actions`). Writes are in DebriefWritesService.
 */
@Injectable()
export class DebriefsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
  ) {}

  /** The debriefs of an event, hot first, each with its action plan. 404 for an unknown event. */
  async ofEvent(eventId: string): Promise<DebriefView[]> {
    const event = await this.events.get(eventId);
    const m = this.dataSource.manager;
    const now = await databaseNow(m);
    const debriefs = await m.find(DebriefEntity, { where: { eventId } });
    debriefs.sort((a, b) => PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase]);
    const actions = debriefs.length ? await m.find(DebriefActionEntity, { where: { debriefId: In(debriefs.map((d) => d.id)) }, order: { dueDate: 'ASC', createdAt: 'ASC' } }) : [];
    const closedAt = event.closedAt ? new Date(event.closedAt) : null;
    return debriefs.map((d) => debriefView(d, actions.filter((a) => a.debriefId === d.id), closedAt, now));
  }

  /** What the RETEX tab shows: the event's state, both phases (null when not written yet), today in Paris. */
  async panel(eventId: string) {
    const event = await this.events.get(eventId);
    const debriefs = await this.ofEvent(eventId);
    const now = await databaseNow(this.dataSource.manager);
    return {
      eventId,
      eventTitle: event.title,
      eventMode: event.mode,
      eventStatus: event.status,
      eventClosed: event.status === 'closed',
      eventClosedAt: event.closedAt,
      eventClosedAtParis: event.closedAt ? formatParis(new Date(event.closedAt)) : null,
      today: parisDay(now),
      hot: debriefs.find((d) => d.phase === 'hot') ?? null,
      cold: debriefs.find((d) => d.phase === 'cold') ?? null,
    };
  }

  /**
   * Actions across every event, by due date: for the console ("Actions en
   * retard") and the annual report. `year` is the year of the due date.
   */
  async actions(filter: ActionsFilter = {}) {
    const m = this.dataSource.manager;
    const now = await databaseNow(m);
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.year !== undefined) {
      params.push(`${filter.year}-01-01`, `${filter.year + 1}-01-01`);
      where.push(`a.due_date >= $${params.length - 1}::date AND a.due_date < $${params.length}::date`);
    }
    if (filter.overdueOnly) {
      // Today is the Paris day of the database clock, the same as isOverdue (checked again below).
      params.push(parisDay(now));
      where.push(`a.status IN ('open', 'in_progress') AND a.due_date < $${params.length}::date`);
    }
    const rows: { id: string; event_id: string; debrief_id: string; phase: DebriefPhase; title: string; owner: string; due_date: string; status: ActionStatus; done_at: Date | null; created_at: Date }[] =
      await m.query(
        `SELECT a.id, a.event_id, a.debrief_id, d.phase, a.title, a.owner, a.due_date::text AS due_date, a.status, a.done_at, a.created_at
           FROM debrief_actions a JOIN debriefs d ON d.id = a.debrief_id
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY a.due_date, a.created_at, a.id
          LIMIT 5000`,
        params,
      );
    const events = new Map<string, { title: string; mode: EventMode }>((await this.events.byIds(rows.map((r) => r.event_id))).map((e) => [e.id, { title: e.title, mode: e.mode }]));
    return rows
      .map((r) => ({
        id: r.id,
        eventId: r.event_id,
        eventTitle: events.get(r.event_id)!.title,
        eventMode: events.get(r.event_id)!.mode,
        debriefId: r.debrief_id,
        phase: r.phase,
        title: r.title,
        owner: r.owner,
        dueDate: r.due_date,
        dueDateFr: frenchDay(r.due_date),
        status: r.status,
        doneAt: r.done_at ? new Date(r.done_at).toISOString() : null,
        overdue: isOverdue({ dueDate: r.due_date, status: r.status }, now),
      }))
      .filter((a) => !filter.overdueOnly || a.overdue);
  }
}
