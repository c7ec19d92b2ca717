import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Audience } from '../../domain/events/commitment-clocks';
import { EventEntity } from './event.entity';

/**
 * "Factual information reached this audience at this time" (C2). Written by the
 * delivery worker when a channel accepts a message, or by hand (`manual`) when
 * the information went out by other means (phone call to the mayors, radio).
 */
@Entity({ name: 'event_facts' })
@Index(['eventId', 'audience', 'occurredAt'])
export class EventFactEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne(() => EventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event: EventEntity;

  @Column({ type: 'text' })
  audience: Audience;

  @Column({ type: 'boolean' })
  manual: boolean;

  /** What was done, e.g. "Message aux maires des communes touchées". */
  @Column({ type: 'text' })
  description: string;

  /** How: the channel (email, sms, x…) or, for a manual fact, the means (phone, radio…). */
  @Column({ type: 'text' })
  means: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  recordedAt: Date;

  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy: string;

  /** The delivery that proves it, for a fact written by the worker. */
  @Column({ name: 'delivery_id', type: 'uuid', nullable: true })
  deliveryId: string | null;
}
