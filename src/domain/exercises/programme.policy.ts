import { parisYear } from '../time/calendar-year';

/**
 * Commitment C3: a programme of exercises per year, with a target. A year is on
 * track while the exercises held plus those still planned can reach the target;
 * behind otherwise. "Still planned" means planned, not started, and not yet past
 * its planned time: an exercise whose time went by without being started no
 * longer counts. The year of an exercise is the Paris-time year of its planned start.
 */
export const EXERCISE_TYPES = ['tabletop', 'functional', 'full_scale'] as const;
export type ExerciseType = (typeof EXERCISE_TYPES)[number];

export const EXERCISE_TYPE_LABELS_FR: Readonly<Record<ExerciseType, string>> = {
  tabletop: 'Exercice sur table',
  functional: 'Exercice fonctionnel',
  full_scale: 'Exercice grandeur nature',
};

export const EXERCISE_STATUSES = ['planned', 'running', 'held', 'cancelled'] as const;
export type ExerciseStatus = (typeof EXERCISE_STATUSES)[number];

export const TRAINED_COMMITMENTS = ['C1', 'C2', 'C3', 'C4'] as const;

export interface ProgrammeExercise {
  status: ExerciseStatus;
  plannedAt: Date;
}

export interface ProgrammeStanding {
  year: number;
  target: number;
  /** Started (running or held). */
  held: number;
  /** Still planned: not started and planned at or after `now`. */
  planned: number;
  /** Planned, but the time went by without a start. */
  overdue: number;
  cancelled: number;
  onTrack: boolean;
  /** How many exercises short of the target the year will be if nothing more is planned. */
  behindBy: number;
}

// Re-exported for the exercise module's callers: the Paris year is one rule, in src/domain/time.
export { parisYear };

export function programmeStanding(year: number, target: number, exercises: ProgrammeExercise[], now: Date): ProgrammeStanding {
  let held = 0;
  let planned = 0;
  let overdue = 0;
  let cancelled = 0;
  for (const e of exercises) {
    if (parisYear(e.plannedAt) !== year) continue;
    if (e.status === 'running' || e.status === 'held') held++;
    else if (e.status === 'cancelled') cancelled++;
    else if (e.plannedAt.getTime() >= now.getTime()) planned++;
    else overdue++;
  }
  const behindBy = Math.max(0, target - held - planned);
  return { year, target, held, planned, overdue, cancelled, onTrack: behindBy === 0, behindBy };
}
