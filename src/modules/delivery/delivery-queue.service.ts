import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { deliveryPriority } from '../../domain/channels/channel-catalogue';
import { DeliverySignal } from './delivery-signal';

export interface ContentInput {
  eventId: string;
  /** What is sent: a bulletin (messageId) or a cell page (pageId), exactly one of them. */
  messageId?: string | null;
  pageId?: string | null;
  audience: string;
  channel: string;
  subject?: string | null;
  text: string;
  html?: string | null;
  marker: string;
  exercise: boolean;
  factual: boolean;
}

export interface RecipientInput {
  contactId: string | null;
  name: string | null;
  address: string | null;
  exerciseParticipant: boolean;
}

/**
 * The outbox's front door. Called inside the sender's transaction (a dispatch,
 * an inject, a cell page), so the decision to send and every row to send commit
 * together or not at all.
 */
@Injectable()
export class DeliveryQueueService {
  constructor(private readonly signal: DeliverySignal) {}

  async enqueue(m: EntityManager, items: { content: ContentInput; recipients: RecipientInput[] }[]): Promise<{ deliveries: number }> {
    let deliveries = 0;
    for (const { content, recipients } of items) {
      if (recipients.length === 0) continue;
      const messageId = content.messageId ?? null;
      const pageId = content.pageId ?? null;
      const [{ id }] = await m.query(
        `INSERT INTO delivery_contents (event_id, message_id, page_id, audience, channel, subject, text, html, marker, exercise, factual)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [content.eventId, messageId, pageId, content.audience, content.channel, content.subject ?? null, content.text, content.html ?? null, content.marker, content.exercise, content.factual],
      );
      // One statement for every recipient: a thousand mayors is one round trip, not a thousand.
      await m.query(
        `INSERT INTO deliveries (content_id, event_id, message_id, page_id, priority, audience, channel, contact_id, recipient_name, address, exercise_participant)
         SELECT $1, $2, $3, $4, $5, $6, $7, r.contact_id, r.name, r.address, r.exercise_participant
           FROM jsonb_to_recordset($8::jsonb) AS r(contact_id uuid, name text, address text, exercise_participant boolean)`,
        [
          id,
          content.eventId,
          messageId,
          pageId,
          deliveryPriority(content.audience),
          content.audience,
          content.channel,
          JSON.stringify(recipients.map((r) => ({ contact_id: r.contactId, name: r.name, address: r.address, exercise_participant: r.exerciseParticipant }))),
        ],
      );
      deliveries += recipients.length;
    }
    return { deliveries };
  }

  /** After commit: the worker of this process starts at once. */
  wake(): void {
    this.signal.wake();
  }
}
