import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { InjectMeans, InjectStatus } from '../../domain/exercises/msel.policy';
import { ExerciseEntity } from './exercise.entity';

/**
 * One inject of the MSEL, and its durable timer: `fire_at` is set while the
 * MSEL runs (null before the start, during a pause, after the end); whoever sets
 * `fired_at` first by a conditional UPDATE delivers it.
 */
@Check('CHK_exercise_injects_status', `"status" IN ('pending', 'delivered', 'skipped')`)
@Check('CHK_exercise_injects_means', `"means" IN ('console', 'email', 'sms')`)
@Check('CHK_exercise_injects_offset', `"offset_minutes" >= 0`)
@Entity({ name: 'exercise_injects' })
@Index('IDX_exercise_injects_unfired', ['fireAt'], { where: 'fired_at IS NULL AND fire_at IS NOT NULL' })
export class ExerciseInjectEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'exercise_id', type: 'uuid' })
  exerciseId: string;

  @ManyToOne(() => ExerciseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'exercise_id' })
  exercise: ExerciseEntity;

  /** Order of writing, the tie-break between injects at the same offset. */
  @Column({ type: 'int' })
  position: number;

  /** T+ minutes from the MSEL start (fractions allowed). */
  @Column({ name: 'offset_minutes', type: 'double precision' })
  offsetMinutes: number;

  @Column({ type: 'text' })
  scenario: string;

  /** A player's name or a player role. */
  @Column({ type: 'text' })
  recipient: string;

  @Column({ type: 'text' })
  means: InjectMeans;

  @Column({ name: 'expected_action', type: 'text' })
  expectedAction: string;

  @Column({ type: 'text', default: 'pending' })
  status: InjectStatus;

  @Column({ name: 'fire_at', type: 'timestamptz', nullable: true })
  fireAt: Date | null;

  @Column({ name: 'fired_at', type: 'timestamptz', nullable: true })
  firedAt: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'text', nullable: true })
  response: string | null;

  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  @Column({ name: 'responded_by', type: 'text', nullable: true })
  respondedBy: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}
