import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { EventKind } from '../../domain/events/event-kind';
import type { Director, Player } from '../../domain/exercises/exercise-people.policy';
import type { ExerciseStatus, ExerciseType } from '../../domain/exercises/programme.policy';

/** A planned exercise of the programme; once started, its event (mode exercise) runs the clocks. */
@Check('CHK_exercises_status', `"status" IN ('planned', 'running', 'held', 'cancelled')`)
@Check('CHK_exercises_type', `"type" IN ('tabletop', 'functional', 'full_scale')`)
@Check('CHK_exercises_started', `"status" IN ('planned', 'cancelled') OR ("event_id" IS NOT NULL AND "started_at" IS NOT NULL)`)
@Entity({ name: 'exercises' })
@Index(['year', 'plannedAt'])
export class ExerciseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'planned_at', type: 'timestamptz' })
  plannedAt: Date;

  /** The Paris-time year of planned_at, kept for the programme's queries. */
  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'text' })
  kind: EventKind;

  @Column({ type: 'text' })
  type: ExerciseType;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  objectives: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  commitments: string[];

  /** INSEE codes used when the exercise is started without communes of its own. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  communes: string[];

  @Column({ type: 'jsonb' })
  director: Director;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  players: Player[];

  @Column({ type: 'text', default: 'planned' })
  status: ExerciseStatus;

  // The events module's table, named not imported: a foreign key in the schema, no relation across modules.
  @ForeignKey('events', { onDelete: 'RESTRICT' })
  @Column({ name: 'event_id', type: 'uuid', nullable: true, unique: true })
  eventId: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  /** When the director started the MSEL (T+0 of the injects). */
  @Column({ name: 'msel_started_at', type: 'timestamptz', nullable: true })
  mselStartedAt: Date | null;

  /** Set while the MSEL is paused. */
  @Column({ name: 'msel_paused_at', type: 'timestamptz', nullable: true })
  mselPausedAt: Date | null;

  /** Total length of the pauses already over: every inject still to come is shifted by it. */
  @Column({ name: 'msel_paused_ms', type: 'bigint', default: 0 })
  mselPausedMs: string;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}
