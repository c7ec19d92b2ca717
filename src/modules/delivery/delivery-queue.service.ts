import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { SqlSelect } from '../../database/sql';
import { deliveryPriority } from '../../domain/channels/channel-catalogue';
import { DeliverySignal } from './delivery-signal';
import { DeliveryStore } from './delivery.store';

export interface ContentInput {
  /** Null only for a reminder (its exercise has no event yet). */
  eventId: string | null;
  /** What is sent, exactly one of them: a bulletin, a cell page, an exercise inject or a reminder to an exercise director. */
  messageId?: string | null;
  pageId?: string | null;
  injectId?: string | null;
  reminderId?: string | null;
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
 * Recipients chosen in the database (ContactsService.recipientsSelect), and
 * which of their addresses this channel uses: inserted with INSERT … SELECT.
 */
export interface SelectedRecipients {
  select: SqlSelect;
  address: 'email' | 'mobile';
}

/**
 * The outbox's front door. Called inside the sender's transaction (a dispatch,
 * an inject, a cell page, a reminder), so the decision to send and every row to send commit
 * together or not at all.
 */
@Injectable()
export class DeliveryQueueService {
  constructor(
    private readonly store: DeliveryStore,
    private readonly signal: DeliverySignal,
  ) {}

  /**
   * Writes each content once and its deliveries; `recipients` is a list (a few
   * people: a page, an inject) or a SELECT (a bulletin to 35,000 mayors). A
   * content with no recipient is not kept. Returns the deliveries written, in
   * all and per item.
   */
  async enqueue(m: EntityManager, items: { content: ContentInput; recipients: RecipientInput[] | SelectedRecipients }[]): Promise<{ deliveries: number; perItem: number[] }> {
    const perItem: number[] = [];
    for (const { content, recipients } of items) {
      if (Array.isArray(recipients) && recipients.length === 0) {
        perItem.push(0);
        continue;
      }
      const owner = { messageId: content.messageId ?? null, pageId: content.pageId ?? null, injectId: content.injectId ?? null, reminderId: content.reminderId ?? null };
      const id = await this.store.insertContent(m, {
        eventId: content.eventId,
        ...owner,
        audience: content.audience,
        channel: content.channel,
        subject: content.subject ?? null,
        text: content.text,
        html: content.html ?? null,
        marker: content.marker,
        exercise: content.exercise,
        factual: content.factual,
      });
      const row = { eventId: content.eventId, ...owner, priority: deliveryPriority(content.audience), audience: content.audience, channel: content.channel };
      if (Array.isArray(recipients)) {
        await this.store.insertDeliveries(
          m,
          id,
          row,
          recipients.map((r) => ({ contact_id: r.contactId, name: r.name, address: r.address, exercise_participant: r.exerciseParticipant })),
        );
        perItem.push(recipients.length);
        continue;
      }
      const n = await this.store.insertDeliveriesFrom(m, id, row, recipients.select, recipients.address);
      if (n === 0) await this.store.deleteContent(m, id);
      perItem.push(n);
    }
    return { deliveries: perItem.reduce((a, b) => a + b, 0), perItem };
  }

  /** After commit: the worker of this process starts at once. */
  wake(): void {
    this.signal.wake();
  }
}
