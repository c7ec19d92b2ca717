import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { databaseNow } from '../../database/db-clock';
import type { Audience } from '../../domain/events/commitment-clocks';
import { EventEntity } from './event.entity';
import { findEvent } from './event-lock';

export type FirstFact = { audience: Audience; occurred_at: Date; manual: boolean; description: string; means: string; recorded_by: string };

/**
 * The SQL of the events and their facts for the events module's own services.
 * `m`: the caller's transaction (the work's manager), else the default connection.
 */
@Injectable()
export class EventsStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs `read` on `m`, else on the default connection (no transaction): reads that share one manager. */
  read<T>(read: (m: EntityManager) => Promise<T>, m: EntityManager = this.dataSource.manager): Promise<T> {
    return read(m);
  }

  /** The event, or a 404 error; `lock` takes it FOR UPDATE (inside a transaction). */
  find(id: string, m: EntityManager = this.dataSource.manager, lock = false): Promise<EventEntity> {
    return findEvent(m, id, lock);
  }

  /** The database clock. */
  now(m: EntityManager = this.dataSource.manager): Promise<Date> {
    return databaseNow(m);
  }

  /** Newest first, at most 500. */
  list(where: Record<string, string>): Promise<EventEntity[]> {
    return this.dataSource.getRepository(EventEntity).find({ where, order: { createdAt: 'DESC' }, take: 500 });
  }

  byIds(ids: string[]): Promise<EventEntity[]> {
    return this.dataSource.getRepository(EventEntity).find({ where: { id: In(ids) } });
  }

  /** Per audience, the fact that meets (or will meet) its C2 clock: the earliest, a channel's acceptance before a manual one. */
  firstFacts(m: EntityManager, eventId: string): Promise<FirstFact[]> {
    return m.query(
      `SELECT DISTINCT ON (audience) audience, occurred_at, manual, description, means, recorded_by
         FROM event_facts WHERE event_id = $1 ORDER BY audience, occurred_at, manual`,
      [eventId],
    );
  }

  /** KEY SHARE on the events' rows (what an event fact's foreign key takes), in id order. */
  async holdForFacts(m: EntityManager, eventIds: string[]): Promise<void> {
    await m.query('SELECT id FROM events WHERE id = ANY($1::uuid[]) ORDER BY id FOR KEY SHARE', [eventIds]);
  }
}
