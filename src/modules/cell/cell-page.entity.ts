import { Column, Entity, ForeignKey, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CellActivationEntity } from './cell-activation.entity';
import { CellMemberEntity } from './cell-member.entity';

/**
 * One member paged for one role of an activation, at one escalation round.
 * The row is written in the transaction of the call (or of the escalation),
 * with one delivery row per channel in the outbox (audience `cell`): the
 * delivery worker sends, retries and records them. Escalation is claimed
 * through `escalation_claimed_at`: whichever instance sets it first escalates.
 */
@Entity({ name: 'cell_pages' })
@Index(['eventId'])
@Index(['activationId', 'role'])
@Index('IDX_cell_pages_ack_jti', ['ackJti'], { unique: true })
@Index('IDX_cell_pages_escalation_due', ['escalateAt'], { where: 'escalation_claimed_at IS NULL' })
export class CellPageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'activation_id', type: 'uuid' })
  activationId: string;

  @ManyToOne(() => CellActivationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'activation_id' })
  activation: CellActivationEntity;

  // The events module's table, named not imported: a foreign key in the schema, no relation across modules.
  @ForeignKey('events', { onDelete: 'CASCADE' })
  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ManyToOne(() => CellMemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member: CellMemberEntity;

  /** The name as it was when paged: the evidence must not change when a member is renamed. */
  @Column({ name: 'member_name', type: 'text' })
  memberName: string;

  @Column({ type: 'text' })
  role: string;

  @Column({ type: 'int' })
  round: number;

  /** The escalation chain of the role, fixed at the call (on-call member first). */
  @Column({ type: 'uuid', array: true })
  chain: string[];

  @Column({ name: 'paged_at', type: 'timestamptz' })
  pagedAt: Date;

  @Column({ name: 'ack_jti', type: 'uuid' })
  ackJti: string;

  @Column({ name: 'ack_expires_at', type: 'timestamptz' })
  ackExpiresAt: Date;

  @Column({ name: 'acked_at', type: 'timestamptz', nullable: true })
  ackedAt: Date | null;

  @Column({ name: 'acked_via', type: 'text', nullable: true })
  ackedVia: 'link' | 'console' | null;

  /** The member (link) or the user who recorded it for them (console). */
  @Column({ name: 'acked_by', type: 'text', nullable: true })
  ackedBy: string | null;

  /** The link was followed and confirmed: a second use is refused. */
  @Column({ name: 'link_used_at', type: 'timestamptz', nullable: true })
  linkUsedAt: Date | null;

  @Column({ name: 'escalate_at', type: 'timestamptz', nullable: true })
  escalateAt: Date | null;

  @Column({ name: 'escalation_claimed_at', type: 'timestamptz', nullable: true })
  escalationClaimedAt: Date | null;

  /** `escalated`, `acknowledged`, `exhausted`, `cell_operational`, `event_closed`. */
  @Column({ name: 'escalation_outcome', type: 'text', nullable: true })
  escalationOutcome: string | null;
}
