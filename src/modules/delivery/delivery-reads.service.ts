import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DeliveryReadsStore, PublishedBulletinRow, ReceiptRow } from './delivery-reads.store';

export type { PublishedBulletinRow, ReceiptRow };

/**
 * What the other modules read of the outbox: the public_page bulletins that
 * were published (the public page) and the providers' receipts (the proof
 * bundle). Read-only.
 */
@Injectable()
export class DeliveryReadsService {
  constructor(private readonly store: DeliveryReadsStore) {}

  /** Per event, its published public_page bulletins (the content frozen at dispatch), newest first. */
  publishedBulletins(eventIds: string[]): Promise<PublishedBulletinRow[]> {
    return eventIds.length ? this.store.publishedBulletins([...new Set(eventIds)]) : Promise.resolve([]);
  }

  /** Every event that has public_page content, with the time its last bulletin was accepted (null if none yet). */
  eventsOnPublicPage(): Promise<{ eventId: string; lastPublishedAt: Date | null }[]> {
    return this.store.eventsOnPublicPage().then((rows) => rows.map((r) => ({ eventId: r.event_id, lastPublishedAt: r.last_published_at ? new Date(r.last_published_at) : null })));
  }

  /** `m`: the caller's snapshot (the proof bundle reads everything in one). */
  receiptsOf(eventId: string, m?: EntityManager): Promise<ReceiptRow[]> {
    return this.store.receiptsOf(eventId, m);
  }
}
