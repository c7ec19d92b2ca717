import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { EventKind } from '../../domain/events/event-kind';
import { EventEntity } from './event.entity';
import { findEvent } from './event-lock';

/** What the public page shows of an event (no decision-maker's name, no SYNERGI reference). */
export interface PublicEventRow {
  id: string;
  title: string;
  kind: EventKind;
  mode: 'real' | 'exercise';
  communes: { code: string; name: string }[];
  status: string;
  closed_at: Date | null;
  created_at: Date;
  cip_number: string | null;
  cip_opened_at: Date | null;
}

const PUBLIC_COLUMNS = 'id, title, kind, mode, communes, status, closed_at, created_at, cip_number, cip_opened_at';

/** Reads of the events table for the other modules (reports, the public page, the timeline). */
@Injectable()
export class EventReadsStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs `read` on `m`: by default the default connection (no transaction), else a caller's snapshot. */
  read<T>(read: (m: EntityManager) => Promise<T>, m: EntityManager = this.dataSource.manager): Promise<T> {
    return read(m);
  }

  /** The event, or a 404 error. */
  get(id: string, m: EntityManager = this.dataSource.manager): Promise<EventEntity> {
    return findEvent(m, id);
  }

  /** Events placed in [from, to) by their COD decision, else their creation; oldest first. */
  placedBetween(from: Date, to: Date, m: EntityManager = this.dataSource.manager): Promise<EventEntity[]> {
    return m
      .createQueryBuilder(EventEntity, 'e')
      .where('COALESCE(e.cod_decided_at, e.created_at) >= :from AND COALESCE(e.cod_decided_at, e.created_at) < :to', { from, to })
      .orderBy('COALESCE(e.cod_decided_at, e.created_at)', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getMany();
  }

  async publicOne(id: string): Promise<PublicEventRow | null> {
    const [row] = await this.dataSource.query(`SELECT ${PUBLIC_COLUMNS} FROM events WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** Events not closed, newest first. */
  publicOpen(limit: number): Promise<PublicEventRow[]> {
    return this.dataSource.query(`SELECT ${PUBLIC_COLUMNS} FROM events WHERE status <> 'closed' ORDER BY created_at DESC LIMIT $1`, [limit]);
  }

  publicByIds(ids: string[]): Promise<PublicEventRow[]> {
    return this.dataSource.query(`SELECT ${PUBLIC_COLUMNS} FROM events WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Of these events, the closed ones and when they closed. */
  closedAmong(ids: string[], m: EntityManager = this.dataSource.manager): Promise<{ id: string; closed_at: Date | null }[]> {
    return m.query(`SELECT id, closed_at FROM events WHERE id = ANY($1::uuid[]) AND status = 'closed'`, [ids]);
  }
}
