import { C2_AUDIENCES as AUDIENCES, type Audience } from '../channels/channel-catalogue';
import type { EventMode } from './event-mode';

/**
 * The commitment clocks (DESIGN section 1, invariant 1): computed from the
 * recorded facts and `now`, never stored, so that a restart, a late fact or a
 * corrected setting can never leave a clock that disagrees with the evidence.
 *
 *   C1           the cell: from the cell being called to the cell operational
 *   C2-elected   from the COD DECISION (not its recording) to the first factual
 *   C2-public      message accepted for that audience (or a manual fact)
 *   C2-media
 *   C4           from the prefect's CIP order to the CIP opening
 *
 * Rules, for every clock:
 * - `not_started` while its start fact is absent (no due time, no countdown).
 * - dueAt = startedAt + the configured duration, in real minutes: a
 *   daylight-saving night neither adds nor removes an hour.
 * - `met` iff the meeting fact happened at or before dueAt. Exactly 60:00 is
 *   met: "in under one hour" is read as "within one hour", ≤ 60 min, because
 *   the proof the prefecture committed to is written "≤ 60 min apart" and
 *   "≤ COD activation + 60 min" (DESIGN section 1), and because at
 *   millisecond resolution a strict "<" would make the verdict depend on how
 *   the database clock happens to round.
 * - `missed` when the meeting fact came after dueAt (a late fact: metAt is
 *   still reported, the clock stays missed), or when there is no fact and
 *   now > dueAt. At now === dueAt the clock is still pending: a fact stamped
 *   at that very instant would meet it, and a clock must never go from
 *   missed back to met.
 * - `pending` otherwise.
 * The mode (real or exercise) changes nothing: exercises prove the real clocks.
 */

export const COMMITMENT_KEYS = ['C1', 'C2-elected', 'C2-public', 'C2-media', 'C4'] as const;
export type CommitmentKey = (typeof COMMITMENT_KEYS)[number];

export { C2_AUDIENCES as AUDIENCES, type Audience } from '../channels/channel-catalogue';

export type C2Key = `C2-${Audience}`;

export const COMMITMENT_LABELS_FR: Readonly<Record<CommitmentKey, string>> = {
  C1: "Cellule de communication d'urgence activée en moins d'une heure",
  'C2-elected': "Élus locaux informés dans l'heure suivant l'activation du COD",
  'C2-public': "Grand public informé dans l'heure suivant l'activation du COD",
  'C2-media': "Médias informés dans l'heure suivant l'activation du COD",
  C4: "Cellule d'information du public (CIP) ouverte sur ordre du préfet",
};

/** Short names for headings and sentences (the console's clocks, the timeline): "C2 · Grand public". */
export const COMMITMENT_SHORT_LABELS_FR: Readonly<Record<CommitmentKey, string>> = {
  C1: 'C1 · Cellule',
  'C2-elected': 'C2 · Élus',
  'C2-public': 'C2 · Grand public',
  'C2-media': 'C2 · Médias',
  C4: 'C4 · CIP',
};

export type CommitmentStatus = 'pending' | 'met' | 'missed' | 'not_started';

/** The first factual message accepted by a channel for an audience, or a fact recorded by hand. */
export type AcceptedFact = { at: Date; manual: boolean };

export type CommitmentFacts = {
  /** Has no effect on the clocks; accepted so that callers need not strip it. */
  mode?: EventMode;
  /** The prefect's decision time (not the time it was recorded). */
  codDecidedAt?: Date | null;
  cellCalledAt?: Date | null;
  cellOperationalAt?: Date | null;
  cipOrderedAt?: Date | null;
  cipOpenedAt?: Date | null;
  /** Per audience, the earliest accepted fact; `earliestFact` picks it from a list. */
  firstAccepted?: Partial<Record<Audience, AcceptedFact | null>>;
};

export type CommitmentSettings = {
  /** Whole minutes from the start fact to the due time, per commitment. */
  durationMinutes: Readonly<Record<CommitmentKey, number>>;
};

export const DEFAULT_COMMITMENT_SETTINGS: Readonly<CommitmentSettings> = {
  durationMinutes: { C1: 60, 'C2-elected': 60, 'C2-public': 60, 'C2-media': 60, C4: 60 },
};

type CommitmentClock = {
  label: string;
  durationMinutes: number;
  startedAt: Date | null;
  dueAt: Date | null;
  status: CommitmentStatus;
  /** When the meeting fact happened, also when it came late (status `missed`). */
  metAt: Date | null;
  /**
   * metAt − startedAt in minutes, rounded UP to one decimal, so the number
   * shown always agrees with the status: 59:59 shows 60.0 (met), 60:01 shows
   * 60.1 (missed); rounding to nearest would show 60.0 for a missed clock.
   * Negative when the audience was informed before the COD decision.
   */
  elapsedMinutes: number | null;
  /**
   * dueAt − now in minutes, rounded DOWN to one decimal (never promise time
   * that is not there), while no meeting fact exists: ≥ 0 while pending,
   * negative once missed (how overdue). Null once a fact exists or before the start.
   */
  minutesLeft: number | null;
  /** The meeting fact was recorded by hand, not proven by a channel's acceptance. */
  manual: boolean;
};

export type C1Commitment = CommitmentClock & {
  key: 'C1';
  facts: { cellCalledAt: Date | null; cellOperationalAt: Date | null };
};
export type C2Commitment = CommitmentClock & {
  key: C2Key;
  facts: { codDecidedAt: Date | null; audience: Audience; firstAccepted: AcceptedFact | null };
};
export type C4Commitment = CommitmentClock & {
  key: 'C4';
  facts: { cipOrderedAt: Date | null; cipOpenedAt: Date | null };
};
export type Commitment = C1Commitment | C2Commitment | C4Commitment;

const MS_PER_MINUTE = 60_000;

/** All five clocks, always in the order of COMMITMENT_KEYS. */
export function computeCommitments(facts: CommitmentFacts, settings: CommitmentSettings, now: Date): Commitment[] {
  assertSettings(settings);
  assertDate(now, 'now');
  const d = settings.durationMinutes;

  const c1: C1Commitment = {
    key: 'C1',
    ...clock('C1', d.C1, orNull(facts.cellCalledAt), meetingFact(facts.cellOperationalAt), now),
    facts: { cellCalledAt: orNull(facts.cellCalledAt), cellOperationalAt: orNull(facts.cellOperationalAt) },
  };
  const c2 = AUDIENCES.map((audience): C2Commitment => {
    const key: C2Key = `C2-${audience}`;
    const accepted = facts.firstAccepted?.[audience] ?? null;
    if (accepted) assertDate(accepted.at, `firstAccepted.${audience}.at`);
    return {
      key,
      ...clock(key, d[key], orNull(facts.codDecidedAt), accepted, now),
      facts: { codDecidedAt: orNull(facts.codDecidedAt), audience, firstAccepted: accepted },
    };
  });
  const c4: C4Commitment = {
    key: 'C4',
    ...clock('C4', d.C4, orNull(facts.cipOrderedAt), meetingFact(facts.cipOpenedAt), now),
    facts: { cipOrderedAt: orNull(facts.cipOrderedAt), cipOpenedAt: orNull(facts.cipOpenedAt) },
  };
  return [c1, ...c2, c4];
}

/**
 * The fact that meets a clock: the earliest one. On a tie the channel's
 * acceptance wins over a manual fact, being the stronger proof.
 */
export function earliestFact(facts: readonly AcceptedFact[]): AcceptedFact | null {
  let best: AcceptedFact | null = null;
  for (const f of facts) {
    assertDate(f.at, 'fact.at');
    const t = f.at.getTime();
    if (best === null || t < best.at.getTime() || (t === best.at.getTime() && best.manual && !f.manual)) best = f;
  }
  return best;
}

/** The commitment with that key (the list always holds all five). */
export function findCommitment(commitments: readonly Commitment[], key: CommitmentKey): Commitment | undefined {
  return commitments.find((c) => c.key === key);
}

function clock(key: CommitmentKey, durationMinutes: number, startedAt: Date | null, fact: AcceptedFact | null, now: Date): CommitmentClock {
  const label = COMMITMENT_LABELS_FR[key];
  if (startedAt === null) {
    return { label, durationMinutes, startedAt: null, dueAt: null, status: 'not_started', metAt: null, elapsedMinutes: null, minutesLeft: null, manual: false };
  }
  assertDate(startedAt, `${key} start`);
  const dueAt = new Date(startedAt.getTime() + durationMinutes * MS_PER_MINUTE);
  if (fact !== null) {
    const status = fact.at.getTime() <= dueAt.getTime() ? 'met' : 'missed';
    const elapsedMinutes = ceilTenth((fact.at.getTime() - startedAt.getTime()) / MS_PER_MINUTE);
    return { label, durationMinutes, startedAt, dueAt, status, metAt: fact.at, elapsedMinutes, minutesLeft: null, manual: fact.manual };
  }
  const status = now.getTime() > dueAt.getTime() ? 'missed' : 'pending';
  const minutesLeft = floorTenth((dueAt.getTime() - now.getTime()) / MS_PER_MINUTE);
  return { label, durationMinutes, startedAt, dueAt, status, metAt: null, elapsedMinutes: null, minutesLeft, manual: false };
}

function meetingFact(at: Date | null | undefined): AcceptedFact | null {
  if (!at) return null;
  assertDate(at, 'fact');
  return { at, manual: false };
}

function orNull(d: Date | null | undefined): Date | null {
  return d ?? null;
}

// `|| 0` turns -0 into 0: "-0" in JSON or in an equality check only confuses.
function ceilTenth(minutes: number): number {
  return Math.ceil(round9(minutes * 10)) / 10 || 0;
}
function floorTenth(minutes: number): number {
  return Math.floor(round9(minutes * 10)) / 10 || 0;
}
// ms / 60000 * 10 is not always exact in binary (e.g. 0.7 min); without this
// 42.0 could be reported as 42.1. Nine decimals is far below a millisecond.
function round9(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

function assertDate(d: Date, name: string): void {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new RangeError(`${name} is not a valid date`);
}

function assertSettings(settings: CommitmentSettings): void {
  for (const key of COMMITMENT_KEYS) {
    const v = settings.durationMinutes[key];
    // Whole minutes keep elapsedMinutes (tenths, rounded up) consistent with the status.
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`Commitment duration for ${key} must be a whole number of minutes ≥ 1, got ${String(v)}`);
  }
}
