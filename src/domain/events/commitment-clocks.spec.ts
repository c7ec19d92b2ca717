import { formatParisIso } from '../time/paris-time';
import {
  AcceptedFact,
  COMMITMENT_KEYS,
  Commitment,
  CommitmentFacts,
  CommitmentKey,
  CommitmentSettings,
  DEFAULT_COMMITMENT_SETTINGS,
  computeCommitments,
  earliestFact,
  findCommitment,
} from './commitment-clocks';

const S = 1000;
const M = 60 * S;
// The prefect decides at 02:10 Paris time on a winter night.
const decided = new Date('2026-11-28T01:10:00Z');
const plus = (base: Date, ms: number) => new Date(base.getTime() + ms);
const due = plus(decided, 60 * M);

function get(facts: CommitmentFacts, key: CommitmentKey, now: Date, settings: CommitmentSettings = DEFAULT_COMMITMENT_SETTINGS): Commitment {
  const c = findCommitment(computeCommitments(facts, settings, now), key);
  if (!c) throw new Error(`no ${key}`);
  return c;
}
const auto = (at: Date): AcceptedFact => ({ at, manual: false });
const manual = (at: Date): AcceptedFact => ({ at, manual: true });

describe('computeCommitments: the one-hour boundary (C2-public, COD decided 02:10)', () => {
  it.each([
    // why, fact time, now, status, metAt, elapsedMinutes, minutesLeft
    ['met at 59:59', plus(decided, 59 * M + 59 * S), plus(decided, 70 * M), 'met', true, 60.0, null],
    ['exactly 60:00 is met ("within one hour": proof is "≤ COD + 60 min")', plus(decided, 60 * M), plus(decided, 70 * M), 'met', true, 60.0, null],
    ['missed at 60:01, a late fact: metAt still reported', plus(decided, 60 * M + 1 * S), plus(decided, 70 * M), 'missed', true, 60.1, null],
    ['missed by one millisecond', plus(decided, 60 * M + 1), plus(decided, 70 * M), 'missed', true, 60.1, null],
    ['met in 12 minutes', plus(decided, 12 * M), plus(decided, 12 * M), 'met', true, 12.0, null],
    ['met in 12 min 1 s shows 12.1 (elapsed rounds up)', plus(decided, 12 * M + 1 * S), plus(decided, 13 * M), 'met', true, 12.1, null],
    ['no fact, 1 s before due: pending, 0.0 left (rounds down)', null, plus(decided, 59 * M + 59 * S), 'pending', false, null, 0.0],
    ['no fact, exactly at due: still pending', null, due, 'pending', false, null, 0],
    ['no fact, 60:01: missed, overdue', null, plus(decided, 60 * M + 1 * S), 'missed', false, null, -0.1],
    ['no fact, one hour overdue', null, plus(decided, 120 * M), 'missed', false, null, -60],
    ['no fact, at the decision: the full hour left', null, decided, 'pending', false, null, 60],
  ])('%s', (_why, factAt, now, status, hasMetAt, elapsedMinutes, minutesLeft) => {
    const c = get({ codDecidedAt: decided, firstAccepted: { public: factAt ? auto(factAt) : undefined } }, 'C2-public', now);
    expect(c).toMatchObject({ status, startedAt: decided, dueAt: due, elapsedMinutes, minutesLeft, manual: false });
    expect(c.metAt).toEqual(hasMetAt ? factAt : null);
  });

  it('never shows a number that contradicts the status', () => {
    for (let s = 59 * 60; s <= 61 * 60; s += 1) {
      const c = get({ codDecidedAt: decided, firstAccepted: { media: auto(plus(decided, s * S)) } }, 'C2-media', plus(decided, 2 * 3600 * S));
      expect(c.status === 'met').toBe((c.elapsedMinutes as number) <= 60);
    }
  });
});

describe('computeCommitments: where each clock starts and what meets it', () => {
  const now = plus(decided, 30 * M);
  it.each<[string, CommitmentFacts, CommitmentKey, Partial<Commitment>]>([
    ['C1 runs from the cell call', { cellCalledAt: plus(decided, 5 * M) }, 'C1', { startedAt: plus(decided, 5 * M), dueAt: plus(decided, 65 * M), status: 'pending', minutesLeft: 35 }],
    [
      'C1 is met by the cell declared operational',
      { cellCalledAt: plus(decided, 5 * M), cellOperationalAt: plus(decided, 25 * M) },
      'C1',
      { status: 'met', metAt: plus(decided, 25 * M), elapsedMinutes: 20, minutesLeft: null, manual: false },
    ],
    ['C1 does not need the COD', { cellCalledAt: decided }, 'C1', { status: 'pending', dueAt: due }],
    ['C2 does not start with the cell call', { cellCalledAt: decided }, 'C2-elected', { status: 'not_started', startedAt: null, dueAt: null, minutesLeft: null }],
    ['C2-elected runs from the COD decision', { codDecidedAt: decided }, 'C2-elected', { startedAt: decided, dueAt: due, status: 'pending', minutesLeft: 30 }],
    ['C2-media is met by a media fact only', { codDecidedAt: decided, firstAccepted: { elected: auto(plus(decided, 3 * M)) } }, 'C2-media', { status: 'pending', metAt: null }],
    ['C4 runs from the CIP order', { cipOrderedAt: plus(decided, 10 * M) }, 'C4', { startedAt: plus(decided, 10 * M), dueAt: plus(decided, 70 * M), status: 'pending', minutesLeft: 40 }],
    ['C4 is met by the CIP opening', { cipOrderedAt: decided, cipOpenedAt: plus(decided, 45 * M) }, 'C4', { status: 'met', elapsedMinutes: 45 }],
    ['C4 does not start with the COD', { codDecidedAt: decided }, 'C4', { status: 'not_started', dueAt: null }],
    ['C1 not started without a call', {}, 'C1', { status: 'not_started', startedAt: null, dueAt: null, metAt: null, elapsedMinutes: null, minutesLeft: null }],
    [
      'a message accepted before the COD decision meets C2 with a negative elapsed time',
      { codDecidedAt: decided, firstAccepted: { public: auto(plus(decided, -12 * M)) } },
      'C2-public',
      { status: 'met', elapsedMinutes: -12 },
    ],
    [
      'a fact without its start fact starts nothing, and is still shown in facts',
      { cipOpenedAt: decided },
      'C4',
      { status: 'not_started', metAt: null, facts: { cipOrderedAt: null, cipOpenedAt: decided } },
    ],
  ])('%s', (_why, facts, key, expected) => {
    expect(get(facts, key, now)).toMatchObject(expected);
  });

  it('returns all five clocks, in a fixed order, with French labels', () => {
    const all = computeCommitments({ firstAccepted: {} }, DEFAULT_COMMITMENT_SETTINGS, now);
    expect(all.map((c) => c.key)).toEqual([...COMMITMENT_KEYS]);
    expect(all.map((c) => c.status)).toEqual(Array(5).fill('not_started'));
    expect(all.find((c) => c.key === 'C2-elected')?.label).toBe("Élus locaux informés dans l'heure suivant l'activation du COD");
  });

  it('reports the facts each clock came from', () => {
    const fact = manual(plus(decided, 20 * M));
    expect(get({ codDecidedAt: decided, firstAccepted: { elected: fact } }, 'C2-elected', now).facts).toEqual({
      codDecidedAt: decided,
      audience: 'elected',
      firstAccepted: fact,
    });
    expect(get({ cellCalledAt: decided }, 'C1', now).facts).toEqual({ cellCalledAt: decided, cellOperationalAt: null });
  });
});

describe('computeCommitments: a retroactive decision (decided 02:10, recorded 02:25)', () => {
  it('runs the clock from the decision: due at 03:10, 45 minutes left at 02:25', () => {
    const recordedAt = new Date('2026-11-28T01:25:00Z');
    const c = get({ codDecidedAt: decided }, 'C2-elected', recordedAt);
    expect(formatParisIso(c.dueAt as Date)).toBe('2026-11-28T03:10:00+01:00');
    expect(c.minutesLeft).toBe(45);
  });

  it('is already missed when recorded more than an hour after the decision', () => {
    expect(get({ codDecidedAt: decided }, 'C2-public', plus(decided, 75 * M))).toMatchObject({ status: 'missed', minutesLeft: -15 });
  });
});

describe('computeCommitments: manual facts', () => {
  it.each<[string, AcceptedFact, string, boolean]>([
    ['a manual fact in time meets the clock, shown as manual', manual(plus(decided, 40 * M)), 'met', true],
    ['a late manual fact: missed, still manual', manual(plus(decided, 61 * M)), 'missed', true],
    ['an accepted message is not manual', auto(plus(decided, 40 * M)), 'met', false],
  ])('%s', (_why, fact, status, isManual) => {
    const c = get({ codDecidedAt: decided, firstAccepted: { media: fact } }, 'C2-media', plus(decided, 90 * M));
    expect(c).toMatchObject({ status, manual: isManual, metAt: fact.at });
  });
});

describe('earliestFact', () => {
  const t = plus(decided, 10 * M);
  it.each<[string, AcceptedFact[], AcceptedFact | null]>([
    ['none', [], null],
    ['the earliest wins', [auto(plus(t, 5 * M)), manual(t), auto(plus(t, 1 * M))], manual(t)],
    ['on a tie the accepted message wins over the manual fact', [manual(t), auto(t)], auto(t)],
    ['on a tie the accepted message stays', [auto(t), manual(t)], auto(t)],
  ])('%s', (_why, facts, expected) => {
    expect(earliestFact(facts)).toEqual(expected);
  });
});

describe('computeCommitments: exercise mode has the same clocks', () => {
  it.each([
    ['before any fact', {}],
    ['pending', { codDecidedAt: decided }],
    ['met and missed', { codDecidedAt: decided, cellCalledAt: decided, firstAccepted: { public: auto(plus(decided, 30 * M)), media: manual(plus(decided, 61 * M)) } }],
  ])('%s', (_why, facts: CommitmentFacts) => {
    const now = plus(decided, 65 * M);
    const real = computeCommitments({ ...facts, mode: 'real' }, DEFAULT_COMMITMENT_SETTINGS, now);
    const exercise = computeCommitments({ ...facts, mode: 'exercise' }, DEFAULT_COMMITMENT_SETTINGS, now);
    expect(exercise).toEqual(real);
  });
});

describe('computeCommitments: the nights of the daylight-saving changes in Europe/Paris', () => {
  it.each([
    // why, COD decided, now, due (Paris, with offset), minutesLeft
    ['spring: 01:30 Paris is due at 03:30 Paris, 60 real minutes', '2026-03-29T00:30:00Z', '2026-03-29T00:30:00Z', '2026-03-29T03:30:00+02:00', 60],
    ['spring: at 03:00 Paris (1:30 on the wall clock) 30 minutes are left', '2026-03-29T00:30:00Z', '2026-03-29T01:00:00Z', '2026-03-29T03:30:00+02:00', 30],
    ['spring: 01:59 Paris is due at 03:59 Paris', '2026-03-29T00:59:00Z', '2026-03-29T00:59:00Z', '2026-03-29T03:59:00+02:00', 60],
    ['autumn: 02:30 summer time is due at 02:30 winter time', '2026-10-25T00:30:00Z', '2026-10-25T00:30:00Z', '2026-10-25T02:30:00+01:00', 60],
    ['autumn: 01:45 summer time is due at 02:45 summer time, before the clocks go back', '2026-10-24T23:45:00Z', '2026-10-25T00:15:00Z', '2026-10-25T02:45:00+02:00', 30],
    ['autumn: 02:15 winter time is due at 03:15 winter time', '2026-10-25T01:15:00Z', '2026-10-25T01:15:00Z', '2026-10-25T03:15:00+01:00', 60],
  ])('%s', (_why, decidedIso, nowIso, dueParis, minutesLeft) => {
    const c = get({ codDecidedAt: new Date(decidedIso) }, 'C2-public', new Date(nowIso));
    expect(formatParisIso(c.dueAt as Date)).toBe(dueParis);
    expect((c.dueAt as Date).getTime() - new Date(decidedIso).getTime()).toBe(60 * M);
    expect(c.minutesLeft).toBe(minutesLeft);
  });

  it('a message at 03:29 Paris on the spring night meets a clock started at 01:30 (59 real minutes)', () => {
    const c = get({ codDecidedAt: new Date('2026-03-29T00:30:00Z'), firstAccepted: { elected: auto(new Date('2026-03-29T01:29:00Z')) } }, 'C2-elected', new Date('2026-03-29T02:00:00Z'));
    expect(c).toMatchObject({ status: 'met', elapsedMinutes: 59 });
  });
});

describe('computeCommitments: settings', () => {
  const oneMinute: CommitmentSettings = { durationMinutes: { C1: 1, 'C2-elected': 1, 'C2-public': 1, 'C2-media': 1, C4: 1 } };

  it('uses the configured duration per commitment (one-minute clocks for tests)', () => {
    expect(get({ codDecidedAt: decided }, 'C2-public', plus(decided, 61 * S), oneMinute)).toMatchObject({ status: 'missed', dueAt: plus(decided, 1 * M), durationMinutes: 1 });
  });

  it('has a configurable C4 target, independent of the others', () => {
    const settings: CommitmentSettings = { durationMinutes: { ...DEFAULT_COMMITMENT_SETTINGS.durationMinutes, C4: 90 } };
    const all = computeCommitments({ codDecidedAt: decided, cipOrderedAt: decided }, settings, decided);
    expect(findCommitment(all, 'C4')?.dueAt).toEqual(plus(decided, 90 * M));
    expect(findCommitment(all, 'C2-public')?.dueAt).toEqual(due);
  });

  it.each([0, -5, 1.5, NaN])('refuses a duration of %p minutes', (bad) => {
    const settings: CommitmentSettings = { durationMinutes: { ...DEFAULT_COMMITMENT_SETTINGS.durationMinutes, 'C2-media': bad } };
    expect(() => computeCommitments({}, settings, decided)).toThrow(/C2-media/);
  });

  it('refuses an invalid fact date instead of computing a NaN clock', () => {
    expect(() => computeCommitments({ codDecidedAt: new Date('x') }, DEFAULT_COMMITMENT_SETTINGS, decided)).toThrow(RangeError);
  });
});
