import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { DebriefPhase } from '../../domain/debriefs/debrief.policy';

export interface DebriefParticipant {
  name: string;
  /** Role and organisation, free text ("cheffe de cellule, préfecture des Vosges"); empty when not given. */
  role: string;
}

export interface DebriefFinding {
  text: string;
  /** Audit `seq` numbers of entries of this event's timeline. */
  timelineSeqs: number[];
}

/** The hot (à chaud) or cold (à froid) debrief of an event: at most one of each. */
@Entity({ name: 'debriefs' })
@Index(['eventId', 'phase'], { unique: true })
export class DebriefEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  // The events module's table, named not imported: a foreign key in the schema, no relation across modules.
  @ForeignKey('events', { onDelete: 'RESTRICT' })
  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'text' })
  phase: DebriefPhase;

  @Column({ name: 'held_at', type: 'timestamptz' })
  heldAt: Date;

  @Column({ type: 'jsonb' })
  participants: DebriefParticipant[];

  @Column({ name: 'went_well', type: 'jsonb' })
  wentWell: string[];

  @Column({ name: 'to_improve', type: 'jsonb' })
  toImprove: string[];

  @Column({ type: 'jsonb' })
  findings: DebriefFinding[];

  @Column({ name: 'written_by', type: 'text' })
  writtenBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
