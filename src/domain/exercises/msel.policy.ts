import { applyExerciseMarking } from '../messages/exercise-marking';
import type { Player } from './exercise-people.policy';

/**
 * The master scenario events list (MSEL): injects at T+ offsets from the
 * start of the MSEL. A pause shifts every inject still to come by its length.
 */
export const INJECT_MEANS = ['console', 'email', 'sms'] as const;
export type InjectMeans = (typeof INJECT_MEANS)[number];
export const INJECT_STATUSES = ['pending', 'delivered', 'skipped'] as const;
export type InjectStatus = (typeof INJECT_STATUSES)[number];

export const INJECT_MEANS_LABELS_FR: Readonly<Record<InjectMeans, string>> = { console: 'console', email: 'courriel', sms: 'SMS' };

const MS_PER_MINUTE = 60_000;

/** When an inject fires: MSEL start + its offset + the time spent paused so far. */
export function injectFireAt(mselStartedAt: Date, offsetMinutes: number, pausedMs: number): Date {
  return new Date(mselStartedAt.getTime() + Math.round(offsetMinutes * MS_PER_MINUTE) + pausedMs);
}

/**
 * Who receives an inject: the player of that name, else every player of that
 * role (case-insensitive). Null when the recipient names nobody in the exercise.
 */
export function resolveInjectRecipients(recipient: string, players: Player[]): Player[] | null {
  const key = recipient.trim().toLowerCase();
  const byName = players.filter((p) => p.name.toLowerCase() === key);
  if (byName.length) return byName;
  const byRole = players.filter((p) => p.role.toLowerCase() === key);
  return byRole.length ? byRole : null;
}

export interface InjectMessage {
  subject: string;
  text: string;
}

/** The words a player receives by email or SMS, with the exercise marking (the gate refuses an unmarked exercise text). */
export function injectMessage(input: { exerciseTitle: string; order: number; scenario: string; means: 'email' | 'sms' }): InjectMessage {
  const body =
    input.means === 'sms'
      ? `${input.exerciseTitle} — inject ${input.order} : ${input.scenario}`
      : `Exercice « ${input.exerciseTitle} »\nInject n° ${input.order}\n\n${input.scenario}\n\nRépondez depuis la console de crise (page de l’exercice).`;
  return {
    subject: applyExerciseMarking(`Inject n° ${input.order} — ${input.exerciseTitle}`, 'line'),
    text: applyExerciseMarking(body, input.means === 'sms' ? 'compact' : 'block'),
  };
}

/** Injects in the order of the MSEL: by offset, then in the order they were written. */
export function mselOrder<T extends { offsetMinutes: number; position: number }>(injects: T[]): T[] {
  return [...injects].sort((a, b) => a.offsetMinutes - b.offsetMinutes || a.position - b.position);
}
