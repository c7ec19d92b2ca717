import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** A year's target of exercises (C3), set by PUT; a year without a row uses EXERCISES_TARGET_PER_YEAR. */
@Check('CHK_exercise_programmes_target', `"target" >= 0`)
@Entity({ name: 'exercise_programmes' })
export class ExerciseProgrammeEntity {
  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  target: number;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  updatedAt: Date;
}
