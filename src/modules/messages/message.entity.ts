import { Column, Entity, ForeignKey, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Audience, Channel } from '../../domain/messages/message-channels';
import type { RenderedMessage } from '../../domain/messages/message-render';

export type MessageStatus = 'draft' | 'approved' | 'dispatched';

/**
 * A bulletin: one set of variables rendered through the approved templates for
 * each audience and channel. What is approved is the rendering stored here, and
 * dispatch sends exactly that.
 */
@Entity({ name: 'messages' })
@Index(['eventId', 'createdAt'])
export class MessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  // The events module's table, named not imported: a foreign key in the schema, no relation across modules.
  @ForeignKey('events', { onDelete: 'RESTRICT' })
  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  /** Unique across events: part of the marker found again on public timelines. */
  @Column({ name: 'bulletin_no', type: 'int', unique: true })
  @Generated('increment')
  bulletinNo: number;

  @Column({ type: 'text', nullable: true, unique: true })
  marker: string | null;

  @Column({ type: 'text' })
  mode: 'real' | 'exercise';

  @Column({ type: 'boolean', default: true })
  factual: boolean;

  @Column({ type: 'jsonb' })
  channels: Partial<Record<Audience, Channel[]>>;

  /** Distribution lists chosen per audience; none means the default recipients. */
  @Column({ name: 'list_ids', type: 'jsonb', default: () => "'{}'" })
  listIds: Partial<Record<Audience, string[]>>;

  @Column({ type: 'jsonb' })
  variables: Record<string, unknown>;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  renderings: RenderedMessage[];

  @Column({ type: 'text', default: 'draft' })
  status: MessageStatus;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;

  @Column({ name: 'approved_by', type: 'text', nullable: true })
  approvedBy: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ name: 'dispatched_by', type: 'text', nullable: true })
  dispatchedBy: string | null;

  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;
}
