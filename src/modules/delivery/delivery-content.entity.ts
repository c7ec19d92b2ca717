import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The approved text of one message for one audience on one channel (or of one
 * cell page, inject or reminder on one channel), frozen when it is queued: every delivery of it
 * sends exactly these words. The delivery module knows nothing of drafts or
 * pages; whoever queues writes this.
 */
@Entity({ name: 'delivery_contents' })
@Check('CHK_delivery_contents_one_source', 'num_nonnulls(message_id, page_id, inject_id, reminder_id) = 1')
@Check('CHK_delivery_contents_event', 'event_id IS NOT NULL OR reminder_id IS NOT NULL')
@Index(['messageId', 'audience', 'channel'], { unique: true })
@Index('UQ_delivery_contents_page', ['pageId', 'channel'], { unique: true, where: 'page_id IS NOT NULL' })
@Index('UQ_delivery_contents_inject', ['injectId', 'channel'], { unique: true, where: 'inject_id IS NOT NULL' })
@Index('UQ_delivery_contents_reminder', ['reminderId', 'channel'], { unique: true, where: 'reminder_id IS NOT NULL' })
export class DeliveryContentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null only for a reminder of an exercise not started yet. */
  @Column({ name: 'event_id', type: 'uuid', nullable: true })
  eventId: string | null;

  @Column({ name: 'message_id', type: 'uuid', nullable: true })
  messageId: string | null;

  @Column({ name: 'page_id', type: 'uuid', nullable: true })
  pageId: string | null;

  @Column({ name: 'inject_id', type: 'uuid', nullable: true })
  injectId: string | null;

  @Column({ name: 'reminder_id', type: 'uuid', nullable: true })
  reminderId: string | null;

  @Column({ type: 'text' })
  audience: string;

  @Column({ type: 'text' })
  channel: string;

  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text', nullable: true })
  html: string | null;

  /** Unique bulletin marker, printed in the text: how an unknown post is found again. */
  @Column({ type: 'text' })
  marker: string;

  @Column({ type: 'boolean' })
  exercise: boolean;

  /** Factual information to the audience: its first acceptance meets the C2 clock. */
  @Column({ type: 'boolean' })
  factual: boolean;

  /** First acceptance by a provider, set once by a conditional update. */
  @Column({ name: 'first_accepted_at', type: 'timestamptz', nullable: true })
  firstAcceptedAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}
