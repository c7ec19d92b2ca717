import type { EventMode } from '../../domain/events/event-mode';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DebriefPhase, isOverdue } from '../../domain/debriefs/debrief.policy';
import { formatParis, parisDay } from '../../domain/time/paris-time';
import { EventsService } from '../events/events.service';
import { debriefView, DebriefView, frenchDay } from './debrief-view';
import { DebriefsStore } from './debriefs.store';

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
    private readonly store: DebriefsStore,
    private readonly events: EventsService,
  ) {}

  /** The debriefs of an event, hot first, each with its action plan. 404 for an unknown event. `m`: a caller's snapshot. */
  async ofEvent(eventId: string, m?: EntityManager): Promise<DebriefView[]> {
    const event = await this.events.get(eventId, m);
    const now = await this.store.now(m);
    const debriefs = await this.store.debriefsOf(eventId, m);
    debriefs.sort((a, b) => PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase]);
    const actions = debriefs.length
      ? await this.store.actionsOf(
          debriefs.map((d) => d.id),
          m,
        )
      : [];
    const closedAt = event.closedAt ? new Date(event.closedAt) : null;
    return debriefs.map((d) =>
      debriefView(
        d,
        actions.filter((a) => a.debriefId === d.id),
        closedAt,
        now,
      ),
    );
  }

  /** What the RETEX tab shows: the event's state, both phases (null when not written yet), today in Paris. */
  async panel(eventId: string) {
    const event = await this.events.get(eventId);
    const debriefs = await this.ofEvent(eventId);
    const now = await this.store.now();
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
    const now = await this.store.now();
    // Today is the Paris day of the database clock, the same as isOverdue (checked again below).
    const rows = await this.store.actions({ year: filter.year, overdueBefore: filter.overdueOnly ? parisDay(now) : undefined });
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
