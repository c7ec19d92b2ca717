import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ActionStatus } from '../../domain/debriefs/debrief.policy';
import { DebriefEntity } from './debrief.entity';

/** One action of a debrief's action plan, followed until done. */
@Entity({ name: 'debrief_actions' })
@Index(['debriefId'])
@Index(['eventId'])
@Index(['dueDate'])
export class DebriefActionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'debrief_id', type: 'uuid' })
  debriefId: string;

  @ManyToOne(() => DebriefEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'debrief_id' })
  debrief: DebriefEntity;

  /** The debrief's event, kept here so the actions of every event can be listed without a join through debriefs. */
  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'text' })
  title: string;

  /** Who carries it (a name, free text). */
  @Column({ type: 'text' })
  owner: string;

  /** A calendar day (Paris), `YYYY-MM-DD`: read back as the string, never through a time zone. */
  @Column({ name: 'due_date', type: 'date' })
  dueDate: string;

  @Column({ type: 'text', default: 'open' })
  status: ActionStatus;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt: Date | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
