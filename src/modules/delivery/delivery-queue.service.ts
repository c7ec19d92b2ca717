import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
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

  async enqueue(m: EntityManager, items: { content: ContentInput; recipients: RecipientInput[] }[]): Promise<{ deliveries: number }> {
    let deliveries = 0;
    for (const { content, recipients } of items) {
      if (recipients.length === 0) continue;
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
      await this.store.insertDeliveries(
        m,
        id,
        { eventId: content.eventId, ...owner, priority: deliveryPriority(content.audience), audience: content.audience, channel: content.channel },
        recipients.map((r) => ({ contact_id: r.contactId, name: r.name, address: r.address, exercise_participant: r.exerciseParticipant })),
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
