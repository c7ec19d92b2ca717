import { AcceptedFact, CommitmentFacts, DEFAULT_COMMITMENT_SETTINGS, computeCommitments } from './commitment-clocks';
import { DEADLINE_FIRE_DELAY_MS, DEFAULT_DEADLINE_PLAN_SETTINGS, PlannedTimer, TimerIrrelevanceReason, isStillRelevant, lateness, planAllDeadlines, planDeadlines } from './deadline-plan';

const S = 1000;
const M = 60 * S;
// COD decided 02:10 Paris time, due 03:10.
const decided = new Date('2026-11-28T01:10:00Z');
const plus = (ms: number) => new Date(decided.getTime() + ms);
const due = plus(60 * M);
const clockC2Public = { key: 'C2-public' as const, startedAt: decided, dueAt: due };
const summary = (rows: PlannedTimer[]) => rows.map((r) => [r.commitmentKey, r.kind, r.leadMinutes, r.fireAt.toISOString()]);

describe('planDeadlines', () => {
  it.each<[string, Date, readonly number[], Array<[string, string, number, string]>]>([
    [
      'a fresh clock: warnings at 15 and 5 minutes, then the deadline 1 ms after due',
      decided,
      [15, 5],
      [
        ['C2-public', 'warning', 15, '2026-11-28T01:55:00.000Z'],
        ['C2-public', 'warning', 5, '2026-11-28T02:05:00.000Z'],
        ['C2-public', 'deadline', 0, '2026-11-28T02:10:00.001Z'],
      ],
    ],
    [
      'leads in any order, with duplicates, come out once, longest first',
      decided,
      [5, 15, 5],
      [
        ['C2-public', 'warning', 15, '2026-11-28T01:55:00.000Z'],
        ['C2-public', 'warning', 5, '2026-11-28T02:05:00.000Z'],
        ['C2-public', 'deadline', 0, '2026-11-28T02:10:00.001Z'],
      ],
    ],
    [
      'recorded at 02:58 (retroactive): the 15-minute warning is past, the 5-minute one is not',
      plus(48 * M),
      [15, 5],
      [
        ['C2-public', 'warning', 5, '2026-11-28T02:05:00.000Z'],
        ['C2-public', 'deadline', 0, '2026-11-28T02:10:00.001Z'],
      ],
    ],
    [
      'a warning exactly at the planning time is kept (it fires at once)',
      plus(45 * M),
      [15, 5],
      [
        ['C2-public', 'warning', 15, '2026-11-28T01:55:00.000Z'],
        ['C2-public', 'warning', 5, '2026-11-28T02:05:00.000Z'],
        ['C2-public', 'deadline', 0, '2026-11-28T02:10:00.001Z'],
      ],
    ],
    ['recorded at 03:20, after the due time: every warning is past, the deadline is still planned', plus(70 * M), [15, 5], [['C2-public', 'deadline', 0, '2026-11-28T02:10:00.001Z']]],
    ['no warnings configured', decided, [], [['C2-public', 'deadline', 0, '2026-11-28T02:10:00.001Z']]],
  ])('%s', (_why, now, leads, expected) => {
    expect(summary(planDeadlines(clockC2Public, { warningLeadMinutes: leads }, now))).toEqual(expected);
  });

  it('drops a warning at or before the start of a short clock (one-minute clocks in tests)', () => {
    const oneMinute = { key: 'C1' as const, startedAt: decided, dueAt: plus(1 * M) };
    expect(summary(planDeadlines(oneMinute, { warningLeadMinutes: [15, 5, 1] }, decided))).toEqual([['C1', 'deadline', 0, '2026-11-28T01:11:00.001Z']]);
  });

  it('plans nothing for a clock that has not started', () => {
    expect(planDeadlines({ key: 'C4', startedAt: null, dueAt: null }, DEFAULT_DEADLINE_PLAN_SETTINGS, decided)).toEqual([]);
  });

  it.each([0, -5, 2.5])('refuses a warning lead of %p minutes', (lead) => {
    expect(() => planDeadlines(clockC2Public, { warningLeadMinutes: [15, lead] }, decided)).toThrow(RangeError);
  });

  it('fires the deadline at the first instant the clock can be missed', () => {
    const [deadline] = planDeadlines(clockC2Public, { warningLeadMinutes: [] }, decided);
    const atDue = computeCommitments({ codDecidedAt: decided }, DEFAULT_COMMITMENT_SETTINGS, due).find((c) => c.key === 'C2-public');
    const atFire = computeCommitments({ codDecidedAt: decided }, DEFAULT_COMMITMENT_SETTINGS, deadline.fireAt).find((c) => c.key === 'C2-public');
    expect(DEADLINE_FIRE_DELAY_MS).toBe(1);
    expect(atDue?.status).toBe('pending');
    expect(atFire?.status).toBe('missed');
  });
});

describe('planAllDeadlines', () => {
  it('plans the three C2 clocks after a COD activation, and nothing for clocks not started', () => {
    const commitments = computeCommitments({ codDecidedAt: decided }, DEFAULT_COMMITMENT_SETTINGS, decided);
    const rows = planAllDeadlines(commitments, DEFAULT_DEADLINE_PLAN_SETTINGS, decided);
    expect(rows.map((r) => `${r.commitmentKey}/${r.kind}/${r.leadMinutes}`)).toEqual([
      'C2-elected/warning/15',
      'C2-elected/warning/5',
      'C2-elected/deadline/0',
      'C2-public/warning/15',
      'C2-public/warning/5',
      'C2-public/deadline/0',
      'C2-media/warning/15',
      'C2-media/warning/5',
      'C2-media/deadline/0',
    ]);
  });

  it('plans nothing for a clock already met, and the deadline for one already missed', () => {
    const facts: CommitmentFacts = { codDecidedAt: decided, firstAccepted: { elected: { at: plus(-5 * M), manual: false } } };
    const now = plus(61 * M);
    const rows = planAllDeadlines(computeCommitments(facts, DEFAULT_COMMITMENT_SETTINGS, now), DEFAULT_DEADLINE_PLAN_SETTINGS, now);
    expect(rows.map((r) => `${r.commitmentKey}/${r.kind}`)).toEqual(['C2-public/deadline', 'C2-media/deadline']);
  });
});

describe('isStillRelevant', () => {
  const warn15: PlannedTimer = { commitmentKey: 'C2-public', kind: 'warning', leadMinutes: 15, fireAt: plus(45 * M) };
  const warn5: PlannedTimer = { commitmentKey: 'C2-public', kind: 'warning', leadMinutes: 5, fireAt: plus(55 * M) };
  const deadline: PlannedTimer = { commitmentKey: 'C2-public', kind: 'deadline', leadMinutes: 0, fireAt: plus(60 * M + 1) };
  const publicFact = (at: Date): CommitmentFacts => ({ codDecidedAt: decided, firstAccepted: { public: { at, manual: false } as AcceptedFact } });

  it.each<[string, PlannedTimer, CommitmentFacts, Date, true | TimerIrrelevanceReason, string?]>([
    ['a warning on time, clock pending', warn15, { codDecidedAt: decided }, plus(45 * M), true],
    ['a warning fired 3 minutes late, still pending', warn15, { codDecidedAt: decided }, plus(48 * M), true],
    ['no warning once met', warn5, publicFact(plus(30 * M)), plus(55 * M), 'already_met', 'C2-public was met at 02:40 (Paris time): the 5-minute warning no longer applies.'],
    ['a deadline on time with no fact: missed', deadline, { codDecidedAt: decided }, plus(60 * M + 1), true],
    ['no "missed" when already met', deadline, publicFact(plus(59 * M)), plus(60 * M + 1), 'already_met', 'C2-public was met at 03:09 (Paris time): the deadline no longer applies.'],
    ['no "missed" when met at exactly 60:00', deadline, publicFact(plus(60 * M)), plus(60 * M + 1), 'already_met'],
    ['a deadline overdue at boot, a late fact came meanwhile: the miss is still news', deadline, publicFact(plus(70 * M)), plus(90 * M), true],
    ['a warning overdue at boot after the due time', warn15, { codDecidedAt: decided }, plus(90 * M), 'already_missed'],
    [
      'both warnings overdue at boot: the 15-minute one is superseded',
      warn15,
      { codDecidedAt: decided },
      plus(57 * M),
      'superseded',
      'C2-public: the 15-minute warning is replaced by the 5-minute warning, also due.',
    ],
    ['both warnings overdue at boot: the 5-minute one is sent', warn5, { codDecidedAt: decided }, plus(57 * M), true],
    ['a warning fired early (clock skew): re-arm', warn5, { codDecidedAt: decided }, plus(54 * M), 'not_yet_due'],
    ['a deadline fired early, at the due time itself: re-arm', deadline, { codDecidedAt: decided }, due, 'not_yet_due'],
    [
      'a row written for another due time',
      warn5,
      { codDecidedAt: plus(10 * M) },
      plus(55 * M),
      'rescheduled',
      'C2-public is now due at 03:20 (Paris time): the 5-minute warning planned for another due time no longer applies.',
    ],
    ['a clock that is not started', deadline, {}, plus(61 * M), 'not_started'],
  ])('%s', (...[, timer, facts, now, expected, message]) => {
    // A rest parameter because Jest passes a `done` callback to a function declaring more parameters than a row has values.
    const commitments = computeCommitments(facts, DEFAULT_COMMITMENT_SETTINGS, now);
    const verdict = isStillRelevant(timer, commitments, now);
    if (expected === true) {
      expect(verdict).toMatchObject({ relevant: true, commitment: { key: 'C2-public' } });
    } else {
      expect(verdict).toMatchObject({ relevant: false, reason: expected });
      if (message) expect(verdict).toMatchObject({ message });
    }
  });

  it('uses the configured warning leads to decide what supersedes what', () => {
    const commitments = computeCommitments({ codDecidedAt: decided }, DEFAULT_COMMITMENT_SETTINGS, plus(57 * M));
    expect(isStillRelevant(warn15, commitments, plus(57 * M), { warningLeadMinutes: [15] })).toMatchObject({ relevant: true });
  });

  it('ignores a row for a commitment that does not exist', () => {
    const ghost = { ...deadline, commitmentKey: 'C9' } as unknown as PlannedTimer;
    expect(isStillRelevant(ghost, [], plus(61 * M))).toMatchObject({ relevant: false, reason: 'unknown_commitment' });
  });
});

describe('lateness', () => {
  const fireAt = plus(45 * M);
  it.each([
    ['on time', 0, undefined, false],
    ['50 ms after: the usual timer jitter', 50, undefined, false],
    ['exactly 1 s after is not late', 1000, undefined, false],
    ['1001 ms after is late', 1001, undefined, true],
    ['fired at boot 20 minutes later', 20 * M, undefined, true],
    ['early (clock skew) is not late', -200, undefined, false],
    ['a stricter threshold, 100 ms', 150, 100, true],
    ['a looser threshold, 5 s', 4000, 5000, false],
  ])('%s', (_why, delayMs, threshold, late) => {
    expect(lateness(fireAt, new Date(fireAt.getTime() + delayMs), threshold)).toEqual({ lateByMs: delayMs, late });
  });

  it('refuses a negative threshold', () => {
    expect(() => lateness(fireAt, fireAt, -1)).toThrow(RangeError);
  });
});
