import { formatParis, minutesBetween } from '../time/paris-time';

/**
 * When did the prefect decide? The duty officer often records a decision after
 * it was taken (a phone call at 02:10, typed in at 02:25). The commitment
 * clocks run from the decision, so the decision time is evidence: it may be
 * earlier than the recording, with a reason when noticeably so, and never in
 * the future. The same rule fits any time a person enters after the fact
 * (a manual fact's "when", a CIP opening declared late).
 */

export type DecisionTimeInput = {
  /** As entered; absent means "now", i.e. `recordedAt`. */
  decidedAt?: Date;
  /** The database's now() when the decision is recorded: the single clock source. */
  recordedAt: Date;
  /** Why the decision is recorded late. Blank counts as absent. */
  reason?: string;
};

export type DecisionTimeSettings = {
  /** A decision earlier than this before the recording needs a reason. */
  retroactiveWithoutReasonMinutes: number;
  /** A browser or phone clock a little ahead of the server is not an error. */
  futureToleranceSeconds: number;
  /** Beyond this, the date is almost certainly a typo (wrong month, wrong year). */
  maxPastDays: number;
  /** Reasons are audit text, not documents. */
  maxReasonLength: number;
};

export const DEFAULT_DECISION_TIME_SETTINGS: Readonly<DecisionTimeSettings> = {
  retroactiveWithoutReasonMinutes: 5,
  futureToleranceSeconds: 60,
  maxPastDays: 7,
  maxReasonLength: 1000,
};

export type DecisionTimeErrorCode = 'invalid_date' | 'in_future' | 'too_far_in_past' | 'reason_required' | 'reason_too_long';

export type DecisionTimeResult =
  | {
      ok: true;
      /** The time the clocks run from. */
      decidedAt: Date;
      /** Kept beside decidedAt: both times are evidence. */
      recordedAt: Date;
      /** Recorded more than `retroactiveWithoutReasonMinutes` after the decision. */
      retroactive: boolean;
      /** Trimmed; null when none was given. */
      reason: string | null;
      /**
       * The entered time was ahead of the database clock but within the
       * tolerance: decidedAt was set to recordedAt, because a decision cannot
       * have been taken after it was recorded.
       */
      clampedFromFuture: boolean;
    }
  | { ok: false; code: DecisionTimeErrorCode; message: string };

export function validateDecisionTime(input: DecisionTimeInput, settings: DecisionTimeSettings = DEFAULT_DECISION_TIME_SETTINGS): DecisionTimeResult {
  const { recordedAt } = input;
  if (!(recordedAt instanceof Date) || Number.isNaN(recordedAt.getTime())) {
    // recordedAt comes from the database, never from a person: a programming error.
    throw new RangeError('recordedAt is not a valid date');
  }
  const reason = input.reason?.trim() ? input.reason.trim() : null;
  if (reason !== null && reason.length > settings.maxReasonLength) {
    return {
      ok: false,
      code: 'reason_too_long',
      message: `The reason is too long (${reason.length} characters): keep it under ${settings.maxReasonLength} characters.`,
    };
  }

  if (input.decidedAt === undefined) {
    return { ok: true, decidedAt: recordedAt, recordedAt, retroactive: false, reason, clampedFromFuture: false };
  }
  const decidedAt = input.decidedAt;
  if (!(decidedAt instanceof Date) || Number.isNaN(decidedAt.getTime())) {
    return {
      ok: false,
      code: 'invalid_date',
      message: 'The decision time is not a valid date. Enter it as an ISO date and time, e.g. 2026-11-28T02:10:00+01:00.',
    };
  }

  const earlierByMinutes = minutesBetween(decidedAt, recordedAt);
  const aheadBySeconds = -earlierByMinutes * 60;

  if (aheadBySeconds > settings.futureToleranceSeconds) {
    return {
      ok: false,
      code: 'in_future',
      message:
        `The decision time ${formatParis(decidedAt)} (Paris time) is in the future: it is now ${formatParis(recordedAt)}. ` +
        'Enter the time at which the prefect actually decided, or leave it empty to use the current time.',
    };
  }
  if (aheadBySeconds > 0) {
    return { ok: true, decidedAt: recordedAt, recordedAt, retroactive: false, reason, clampedFromFuture: true };
  }

  if (earlierByMinutes > settings.maxPastDays * 24 * 60) {
    return {
      ok: false,
      code: 'too_far_in_past',
      message:
        `The decision time ${formatParis(decidedAt)} (Paris time) is more than ${settings.maxPastDays} days ago. ` +
        'Check the date and the year: a decision that old cannot start a commitment clock.',
    };
  }

  const retroactive = earlierByMinutes > settings.retroactiveWithoutReasonMinutes;
  if (retroactive && reason === null) {
    return {
      ok: false,
      code: 'reason_required',
      message:
        `The decision time ${formatParis(decidedAt)} (Paris time) is ${describeMinutes(earlierByMinutes)} before it is being recorded ` +
        `(${formatParis(recordedAt)}). A decision recorded more than ${settings.retroactiveWithoutReasonMinutes} minutes after the fact needs a reason, ` +
        'e.g. "Decision given by phone, recorded on arrival at the prefecture".',
    };
  }
  return { ok: true, decidedAt, recordedAt, retroactive, reason, clampedFromFuture: false };
}

// Whole minutes rounded down: "15 minutes" for 15 min 40 s reads naturally and never overstates the delay.
function describeMinutes(minutes: number): string {
  const whole = Math.floor(minutes);
  if (whole < 120) return `${whole} minutes`;
  const h = Math.floor(whole / 60);
  const m = whole % 60;
  return m === 0 ? `${h} hours` : `${h} h ${String(m).padStart(2, '0')} min`;
}
