import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { databaseNow } from '../../database/db-clock';
import type { ActionStatus, DebriefPhase } from '../../domain/debriefs/debrief.policy';
import { DebriefActionEntity } from './debrief-action.entity';
import { DebriefEntity } from './debrief.entity';

/** An action of a plan with the phase of its debrief, as SQL gives it back (the due date as text: a calendar day). */
export interface ActionRow {
  id: string;
  event_id: string;
  debrief_id: string;
  phase: DebriefPhase;
  title: string;
  owner: string;
  due_date: string;
  status: ActionStatus;
  done_at: Date | null;
  created_at: Date;
}

/** The SQL of debriefs and debrief_actions. `m`: the caller's transaction, else the default connection. */
@Injectable()
export class DebriefsStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The database clock. */
  now(m: EntityManager = this.dataSource.manager): Promise<Date> {
    return databaseNow(m);
  }

  /** Debrief writes of one event, one at a time, until the caller's transaction ends. */
  async lockDebriefsOf(m: EntityManager, eventId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('debriefs'), hashtext($1))`, [eventId]);
  }

  debriefsOf(eventId: string, m: EntityManager = this.dataSource.manager): Promise<DebriefEntity[]> {
    return m.find(DebriefEntity, { where: { eventId } });
  }

  /** The actions of these debriefs, by due date then creation. */
  actionsOf(debriefIds: string[], m: EntityManager = this.dataSource.manager): Promise<DebriefActionEntity[]> {
    return m.find(DebriefActionEntity, { where: { debriefId: In(debriefIds) }, order: { dueDate: 'ASC', createdAt: 'ASC' } });
  }

  /**
   * Actions across every event, by due date, at most 5000. `year`: of the due
   * date; `overdueBefore`: only open or in-progress actions due before this day.
   */
  actions(filter: { year?: number; overdueBefore?: string }): Promise<ActionRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.year !== undefined) {
      params.push(`${filter.year}-01-01`, `${filter.year + 1}-01-01`);
      where.push(`a.due_date >= $${params.length - 1}::date AND a.due_date < $${params.length}::date`);
    }
    if (filter.overdueBefore !== undefined) {
      params.push(filter.overdueBefore);
      where.push(`a.status IN ('open', 'in_progress') AND a.due_date < $${params.length}::date`);
    }
    return this.dataSource.query(
      `SELECT a.id, a.event_id, a.debrief_id, d.phase, a.title, a.owner, a.due_date::text AS due_date, a.status, a.done_at, a.created_at
         FROM debrief_actions a JOIN debriefs d ON d.id = a.debrief_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY a.due_date, a.created_at, a.id
        LIMIT 5000`,
      params,
    );
  }
}
