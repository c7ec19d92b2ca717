import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ProviderRole, ReceiptStatus } from '../../domain/channels/channel-catalogue';
import type { DeliveryStatus } from '../../domain/delivery/delivery-outcome.policy';
import { DeliveryContentEntity } from './delivery-content.entity';

/**
 * One message (a bulletin, a page to a cell member, an exercise inject to a
 * player, a reminder to an exercise director) to one recipient on one channel:
 * the outbox row, written in the transaction that decided to send it. Workers
 * claim rows with FOR UPDATE SKIP LOCKED and a lease token; only the holder of
 * the token records the outcome.
 *
 * Its owner is exactly one of message_id, page_id, inject_id, reminder_id
 * (CHECK), rather than a polymorphic (kind, id) pair: each column names one
 * table, so the owner's rows are found by a plain index and a foreign key can
 * name that table, which a (kind, id) pair cannot.
 */
@Entity({ name: 'deliveries' })
@Check('CHK_deliveries_one_source', 'num_nonnulls(message_id, page_id, inject_id, reminder_id) = 1')
// A reminder comes before its exercise has an event; everything else is sent for an event.
@Check('CHK_deliveries_event', 'event_id IS NOT NULL OR reminder_id IS NOT NULL')
@Check('CHK_deliveries_provider', "provider IS NULL OR provider IN ('primary', 'secondary')")
@Check('CHK_deliveries_receipt', "receipt_status IS NULL OR receipt_status IN ('delivered', 'bounced', 'expired')")
// A bulk lane's claim reads its channel's queue in this order and stops at the batch (the national queue is 70,000
// rows; without it each claim sorted them all). dueLanes skips along it from channel to channel.
@Index('IDX_deliveries_lane_due', ['channel', 'nextAttemptAt', 'id'], { where: "status = 'queued' AND priority = 0" })
@Index('IDX_deliveries_priority_due', ['nextAttemptAt'], { where: "status = 'queued' AND priority > 0" })
@Index('IDX_deliveries_page', ['pageId'], { where: 'page_id IS NOT NULL' })
@Index('IDX_deliveries_inject', ['injectId'], { where: 'inject_id IS NOT NULL' })
@Index('IDX_deliveries_reminder', ['reminderId'], { where: 'reminder_id IS NOT NULL' })
@Index('IDX_deliveries_leased', ['leaseUntil'], { where: "status = 'sending'" })
@Index('IDX_deliveries_unknown', ['updatedAt'], { where: "status = 'unknown' AND NOT needs_review" })
@Index(['messageId', 'status'])
@Index('UQ_deliveries_recipient', ['contentId', 'contactId'], { unique: true, where: 'contact_id IS NOT NULL' })
@Index('UQ_deliveries_post', ['contentId'], { unique: true, where: 'contact_id IS NULL' })
// On (proof ->> 'jobId') for SMS (migration SmsJobIndex): an expression TypeORM cannot declare, so it leaves it alone.
@Index('IDX_deliveries_sms_job', { synchronize: false })
export class DeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'content_id', type: 'uuid' })
  contentId: string;

  @ManyToOne(() => DeliveryContentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'content_id' })
  content: DeliveryContentEntity;

  /** The event it is sent for; null only for a reminder of an exercise not started yet. */
  @Column({ name: 'event_id', type: 'uuid', nullable: true })
  eventId: string | null;

  /** The bulletin sent; null for a page, an inject or a reminder. */
  @Column({ name: 'message_id', type: 'uuid', nullable: true })
  messageId: string | null;

  /** The cell page sent (cell_pages.id). */
  @Column({ name: 'page_id', type: 'uuid', nullable: true })
  pageId: string | null;

  /** The exercise inject sent to a player (exercise_injects.id). */
  @Column({ name: 'inject_id', type: 'uuid', nullable: true })
  injectId: string | null;

  /** The reminder sent to an exercise director (exercise_reminders.id). */
  @Column({ name: 'reminder_id', type: 'uuid', nullable: true })
  reminderId: string | null;

  /** Higher goes first, in a lane of its own (deliveryPriority in the channel catalogue). */
  @Column({ type: 'smallint', default: 0 })
  priority: number;

  @Column({ type: 'text' })
  audience: string;

  @Column({ type: 'text' })
  channel: string;

  /** The contact (email, SMS); null for posts and the public page. */
  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId: string | null;

  @Column({ name: 'recipient_name', type: 'text', nullable: true })
  recipientName: string | null;

  /** Email address or E.164 number, as it was at dispatch. */
  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({ name: 'exercise_participant', type: 'boolean', default: false })
  exerciseParticipant: boolean;

  @Column({ type: 'text', default: 'queued' })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  nextAttemptAt: Date;

  @Column({ name: 'lease_token', type: 'uuid', nullable: true })
  leaseToken: string | null;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  /** The provider's proof: SMTP message id and reply, SMS job id, post id and URL. */
  @Column({ type: 'jsonb', nullable: true })
  proof: Record<string, string> | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  /** An unknown post was looked for, not found, and attempted once more. */
  @Column({ name: 'reconcile_retried', type: 'boolean', default: false })
  reconcileRetried: boolean;

  /** Still unclear after reconciliation: a person must check the account. */
  @Column({ name: 'needs_review', type: 'boolean', default: false })
  needsReview: boolean;

  /** Which provider accepted it: `primary` or `secondary` (email and SMS); null for the other channels. */
  @Column({ type: 'text', nullable: true })
  provider: ProviderRole | null;

  /** What the provider said later of an accepted delivery (SMS delivery report, email bounce); null until then. */
  @Column({ name: 'receipt_status', type: 'text', nullable: true })
  receiptStatus: ReceiptStatus | null;

  /** When the receipt was recorded, on the database clock. */
  @Column({ name: 'receipt_at', type: 'timestamptz', nullable: true })
  receiptAt: Date | null;

  /** The provider's words in the receipt (gateway status, DSN status and diagnostic), clipped. */
  @Column({ name: 'receipt_detail', type: 'text', nullable: true })
  receiptDetail: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  updatedAt: Date;
}
