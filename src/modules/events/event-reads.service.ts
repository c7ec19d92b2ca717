import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { databaseNow } from '../../database/db-clock';
import type { Commitment } from '../../domain/events/commitment-clocks';
import { CommitmentsService, FirstFact } from './commitments.service';
import type { EventEntity } from './event.entity';
import { EventReadsStore, PublicEventRow } from './event-reads.store';

/** An event as recorded, for the modules that report on it. */
export type EventRecord = EventEntity;
export type { PublicEventRow };

/**
 * What the other modules read of the events (reports, the public page): the
 * event, its clocks computed by CommitmentsService on the database clock, the
 * public columns. Read-only.
 */
@Injectable()
export class EventReadsService {
  constructor(
    private readonly store: EventReadsStore,
    private readonly commitments: CommitmentsService,
  ) {}

  /** The event (404 if none), the database's now, its first C2 facts read once, and the clocks computed from them. `snapshot`: a caller's. */
  clocksOf(eventId: string, snapshot?: EntityManager): Promise<{ event: EventRecord; now: Date; facts: FirstFact[]; clocks: Commitment[] }> {
    return this.store.read(async (m) => {
      const event = await this.store.get(eventId, m);
      const now = await databaseNow(m);
      const facts = await this.commitments.firstFacts(m, eventId);
      const clocks = await this.commitments.compute(m, event, now, facts);
      return { event, now, facts, clocks };
    }, snapshot);
  }

  /** The events placed in [from, to) (COD decision, else creation), oldest first, each with its clocks at one `now`. */
  clocksOfPeriod(from: Date, to: Date): Promise<{ now: Date; events: { event: EventRecord; clocks: Commitment[] }[] }> {
    return this.store.read(async (m) => {
      const now = await databaseNow(m);
      const events: { event: EventRecord; clocks: Commitment[] }[] = [];
      for (const event of await this.store.placedBetween(from, to, m)) events.push({ event, clocks: await this.commitments.compute(m, event, now) });
      return { now, events };
    });
  }

  /** The database clock. */
  now(): Promise<Date> {
    return this.store.read(databaseNow);
  }

  publicOne(id: string): Promise<PublicEventRow | null> {
    return this.store.publicOne(id);
  }

  publicOpen(limit: number): Promise<PublicEventRow[]> {
    return this.store.publicOpen(limit);
  }

  publicByIds(ids: string[]): Promise<PublicEventRow[]> {
    return ids.length ? this.store.publicByIds([...new Set(ids)]) : Promise.resolve([]);
  }

  /**
   * Of these events, the closed ones and when they closed (an exercise is held
   * once its event is closed). Pass the caller's manager to read inside its transaction.
   */
  async closedAmong(ids: string[], m?: EntityManager): Promise<{ id: string; closedAt: Date | null }[]> {
    if (!ids.length) return [];
    const rows = await this.store.closedAmong([...new Set(ids)], m);
    return rows.map((r) => ({ id: r.id, closedAt: r.closed_at ? new Date(r.closed_at) : null }));
  }
}
