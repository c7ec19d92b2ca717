import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EventKind } from '../../domain/events/event-kind';
import type { EventMode } from '../../domain/events/event-mode';
import type { EventStatus } from '../../domain/events/event-status.policy';

/**
 * A major event and the decisions recorded on it. Each decision keeps both its
 * time (the clocks run from it) and the time it was recorded (evidence).
 */
@Entity({ name: 'events' })
export class EventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  kind: EventKind;

  @Column({ type: 'text' })
  mode: EventMode;

  /** INSEE code and official name, as validated at creation. */
  @Column({ type: 'jsonb' })
  communes: { code: string; name: string }[];

  @Column({ name: 'synergi_ref', type: 'text', nullable: true })
  synergiRef: string | null;

  @Column({ type: 'text', default: 'open' })
  status: EventStatus;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'cod_decided_at', type: 'timestamptz', nullable: true })
  codDecidedAt: Date | null;

  @Column({ name: 'cod_recorded_at', type: 'timestamptz', nullable: true })
  codRecordedAt: Date | null;

  /** The prefect (or their delegate) who decided, as named by the person recording it. */
  @Column({ name: 'cod_decided_by', type: 'text', nullable: true })
  codDecidedBy: string | null;

  @Column({ name: 'cod_recorded_by', type: 'text', nullable: true })
  codRecordedBy: string | null;

  @Column({ name: 'cod_reason', type: 'text', nullable: true })
  codReason: string | null;

  @Column({ name: 'cell_called_at', type: 'timestamptz', nullable: true })
  cellCalledAt: Date | null;

  @Column({ name: 'cell_operational_at', type: 'timestamptz', nullable: true })
  cellOperationalAt: Date | null;

  @Column({ name: 'cip_ordered_at', type: 'timestamptz', nullable: true })
  cipOrderedAt: Date | null;

  @Column({ name: 'cip_recorded_at', type: 'timestamptz', nullable: true })
  cipRecordedAt: Date | null;

  @Column({ name: 'cip_ordered_by', type: 'text', nullable: true })
  cipOrderedBy: string | null;

  /** The national information number (NNIP), E.164. */
  @Column({ name: 'cip_number', type: 'text', nullable: true })
  cipNumber: string | null;

  @Column({ name: 'cip_opened_at', type: 'timestamptz', nullable: true })
  cipOpenedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}
