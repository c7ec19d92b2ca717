import { addMinutes } from '../time/paris-time';

/**
 * Escalation of a page nobody acknowledged. Each role of a call has a chain of
 * members (the on-call member, then the backups, fixed when the cell is called
 * so that a handover during the night does not reshuffle it). Round 1 pages
 * the first of the chain; every `minutes` without an acknowledgement for the
 * role, the next round pages the next member, wrapping round to the start of
 * the chain when it is shorter than the rounds (a second call wakes people
 * who slept through the first). `rounds` counts escalations after the first
 * page: with 3, a role is paged at most 4 times.
 */

export interface EscalationSettings {
  minutes: number;
  rounds: number;
}

export type EscalationStep = { kind: 'acknowledged' } | { kind: 'page'; round: number; memberId: string } | { kind: 'exhausted'; rounds: number };

/** When the role escalates if the page sent at `pagedAt` is not acknowledged. */
export function escalationDueAt(pagedAt: Date, settings: EscalationSettings): Date {
  return addMinutes(pagedAt, settings.minutes);
}

/** The member paged at a round (1-based) of a chain. */
export function memberForRound(chain: readonly string[], round: number): string {
  if (chain.length === 0) throw new RangeError('an escalation chain cannot be empty');
  if (!Number.isInteger(round) || round < 1) throw new RangeError(`round must be a whole number ≥ 1, got ${round}`);
  return chain[(round - 1) % chain.length];
}

/** What to do when the page of round `round` reaches its due time. */
export function nextEscalation(input: { round: number; roleAcknowledged: boolean; chain: readonly string[] }, settings: EscalationSettings): EscalationStep {
  if (input.roleAcknowledged) return { kind: 'acknowledged' };
  if (input.round > settings.rounds) return { kind: 'exhausted', rounds: settings.rounds };
  const round = input.round + 1;
  return { kind: 'page', round, memberId: memberForRound(input.chain, round) };
}

/**
 * The cell is ready when every required role has at least one acknowledged
 * member; `missing` says which roles are still awaited.
 */
export function cellReadiness(requiredRoles: readonly string[], acknowledgedRoles: Iterable<string>): { ready: boolean; missing: string[] } {
  const acked = new Set(acknowledgedRoles);
  const missing = requiredRoles.filter((r) => !acked.has(r));
  return { ready: missing.length === 0, missing };
}
