import { z } from 'zod';
import { int } from './env-values';

/** The exercise programme (C3): the yearly target, the director's reminders, the inject timers' sweep. */
export const exercisesEnvShape = {
  EXERCISES_TARGET_PER_YEAR: int(0, 365).default(4),
  EXERCISE_REMINDER_LEADS_MINUTES: z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, { message: 'expected minutes before the planned start, separated by commas, such as 10080,1440' })
    .transform((v) => [
      ...new Set(
        v
          .split(',')
          .map((x) => Number(x.trim()))
          .filter((x) => x > 0),
      ),
    ])
    .default([10080, 1440]),
  EXERCISE_SWEEP_SECONDS: int(1, 3600).default(30),
};

type Env = z.output<z.ZodObject<typeof exercisesEnvShape>>;

export interface ExercisesConfig {
  targetPerYear: number;
  reminderLeadMinutes: number[];
  sweepSeconds: number;
}

export function exercisesConfig(e: Env): ExercisesConfig {
  return { targetPerYear: e.EXERCISES_TARGET_PER_YEAR, reminderLeadMinutes: e.EXERCISE_REMINDER_LEADS_MINUTES, sweepSeconds: e.EXERCISE_SWEEP_SECONDS };
}
