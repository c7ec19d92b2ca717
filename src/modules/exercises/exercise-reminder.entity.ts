import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ExerciseEntity } from './exercise.entity';

/** A reminder to the exercise director, as a durable timer row (fired once by a conditional UPDATE). */
@Entity({ name: 'exercise_reminders' })
@Index('IDX_exercise_reminders_unfired', ['fireAt'], { where: 'fired_at IS NULL' })
export class ExerciseReminderEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'exercise_id', type: 'uuid' })
  exerciseId: string;

  @ManyToOne(() => ExerciseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'exercise_id' })
  exercise: ExerciseEntity;

  @Column({ name: 'lead_minutes', type: 'int' })
  leadMinutes: number;

  @Column({ name: 'fire_at', type: 'timestamptz' })
  fireAt: Date;

  @Column({ name: 'fired_at', type: 'timestamptz', nullable: true })
  firedAt: Date | null;

  /**
   * `queued` (in the outbox, once fired), then what its delivery became: `sent`,
   * `sandboxed`, `failed`; or `dropped` (the exercise was moved, started or cancelled).
   */
  @Column({ type: 'text', nullable: true })
  outcome: string | null;
}
