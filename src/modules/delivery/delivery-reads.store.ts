import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EVENT_SENDS } from './delivery.store';

/** A public_page content whose delivery was accepted: one published bulletin. */
export interface PublishedBulletinRow {
  event_id: string;
  message_id: string;
  delivery_id: string;
  subject: string | null;
  text: string;
  marker: string;
  exercise: boolean;
  published_at: Date;
}

/** A provider's receipt of a delivery (SMTP answer, gateway job id, post id…), as stored. */
export interface ReceiptRow {
  id: string;
  message_id: string;
  channel: string;
  audience: string;
  status: string;
  accepted_at: Date | null;
  proof: Record<string, string>;
}

/** Reads of deliveries and delivery_contents for the other modules (the public page, the proof bundle). */
@Injectable()
export class DeliveryReadsStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The published bulletins of these events, newest first. */
  publishedBulletins(eventIds: string[]): Promise<PublishedBulletinRow[]> {
    return this.dataSource.query(
      `SELECT c.event_id, c.message_id, d.id AS delivery_id, c.subject, c.text, c.marker, c.exercise,
              coalesce(d.accepted_at, d.updated_at) AS published_at
         FROM delivery_contents c
         JOIN deliveries d ON d.content_id = c.id AND d.status = 'sent'
        WHERE c.channel = 'public_page' AND c.event_id = ANY($1::uuid[])
        ORDER BY published_at DESC, c.created_at DESC`,
      [eventIds],
    );
  }

  /** Every event with public_page content, and when its last bulletin was accepted (null when none was yet). */
  eventsOnPublicPage(): Promise<{ event_id: string; last_published_at: Date | null }[]> {
    return this.dataSource.query(
      `SELECT c.event_id,
              (SELECT max(d.accepted_at) FROM deliveries d WHERE d.event_id = c.event_id AND d.channel = 'public_page' AND d.status = 'sent') AS last_published_at
         FROM (SELECT DISTINCT event_id FROM delivery_contents WHERE channel = 'public_page') c`,
    );
  }

  /** The event's deliveries that hold a provider's receipt, in order of acceptance. */
  receiptsOf(eventId: string, m: EntityManager = this.dataSource.manager): Promise<ReceiptRow[]> {
    return m.query(
      // Bulletins' and injects' receipts: a page's outcome is recorded in its cell.page_sent entry, not as a message's result.
      // message_id names the subject of the delivery.results entry that records it: the message, or the inject.
      `SELECT id, COALESCE(message_id, inject_id) AS message_id, channel, audience, status, accepted_at, proof FROM deliveries
        WHERE event_id = $1 AND ${EVENT_SENDS} AND proof IS NOT NULL ORDER BY accepted_at NULLS LAST, id`,
      [eventId],
    );
  }
}
