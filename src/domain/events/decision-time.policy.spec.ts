import { DEFAULT_DECISION_TIME_SETTINGS, DecisionTimeSettings, validateDecisionTime } from './decision-time.policy';

// 02:25 Paris time on a winter night.
const recordedAt = new Date('2026-11-28T01:25:00Z');
const before = (seconds: number) => new Date(recordedAt.getTime() - seconds * 1000);
const after = (seconds: number) => new Date(recordedAt.getTime() + seconds * 1000);

describe('validateDecisionTime: accepted decisions', () => {
  it.each([
    // why, decidedAt, reason, expected decidedAt, retroactive, clampedFromFuture
    ['no time given: decided now', undefined, undefined, recordedAt, false, false],
    ['entered 30 s late, e.g. typed to the minute', before(30), undefined, before(30), false, false],
    ['exactly 5 minutes earlier needs no reason', before(5 * 60), undefined, before(5 * 60), false, false],
    ['5 min 1 s earlier with a reason is retroactive', before(5 * 60 + 1), 'Phoned by the prefect', before(5 * 60 + 1), true, false],
    ['decided 02:10 recorded 02:25, with a reason', new Date('2026-11-28T01:10:00Z'), 'Order given by phone', new Date('2026-11-28T01:10:00Z'), true, false],
    ['a reason may be given even when not required', before(60), 'Typed after the briefing', before(60), false, false],
    ['30 s in the future (clock skew) is clamped to the recording time', after(30), undefined, recordedAt, false, true],
    ['exactly 60 s in the future is still tolerated', after(60), undefined, recordedAt, false, true],
    ['exactly 7 days earlier, with a reason', before(7 * 24 * 3600), 'Recorded for the debrief', before(7 * 24 * 3600), true, false],
  ])('%s', (_why, decidedAt, reason, expectedDecidedAt, retroactive, clamped) => {
    const result = validateDecisionTime({ decidedAt, recordedAt, reason });
    expect(result).toEqual({
      ok: true,
      decidedAt: expectedDecidedAt,
      recordedAt,
      retroactive,
      reason: reason ?? null,
      clampedFromFuture: clamped,
    });
  });

  it('keeps both times for a retroactive decision', () => {
    const result = validateDecisionTime({ decidedAt: new Date('2026-11-28T01:10:00Z'), recordedAt, reason: '  By phone  ' });
    expect(result).toMatchObject({ ok: true, recordedAt, reason: 'By phone' });
    if (!result.ok) throw new Error('expected ok');
    expect(result.decidedAt.toISOString()).toBe('2026-11-28T01:10:00.000Z');
  });
});

describe('validateDecisionTime: refused decisions', () => {
  it.each([
    ['61 s in the future', after(61), undefined, 'in_future', 'The decision time 28/11/2026 02:26 (Paris time) is in the future: it is now 28/11/2026 02:25.'],
    ['one hour in the future, even with a reason', after(3600), 'planned', 'in_future', 'is in the future'],
    [
      'decided 02:10 recorded 02:25 without a reason',
      new Date('2026-11-28T01:10:00Z'),
      undefined,
      'reason_required',
      'The decision time 28/11/2026 02:10 (Paris time) is 15 minutes before it is being recorded (28/11/2026 02:25). ' + 'A decision recorded more than 5 minutes after the fact needs a reason',
    ],
    ['5 min 1 s earlier without a reason', before(5 * 60 + 1), undefined, 'reason_required', 'is 5 minutes before'],
    ['a blank reason counts as none', before(20 * 60), '   ', 'reason_required', 'needs a reason'],
    ['three hours late is said in hours', before(3 * 3600), undefined, 'reason_required', 'is 3 hours before'],
    ['2 h 05 late', before(2 * 3600 + 5 * 60), undefined, 'reason_required', 'is 2 h 05 min before'],
    [
      'more than 7 days earlier (a wrong month), even with a reason',
      before(7 * 24 * 3600 + 1),
      'late entry',
      'too_far_in_past',
      'The decision time 21/11/2026 02:24 (Paris time) is more than 7 days ago. Check the date and the year',
    ],
    ['a wrong year', new Date('2025-11-28T01:10:00Z'), 'late entry', 'too_far_in_past', 'more than 7 days ago'],
    ['an invalid date', new Date('not a date'), undefined, 'invalid_date', 'is not a valid date'],
    ['a reason that is a document', before(20 * 60), 'x'.repeat(1001), 'reason_too_long', 'under 1000 characters'],
  ])('%s', (_why, decidedAt, reason, code, messagePart) => {
    const result = validateDecisionTime({ decidedAt, recordedAt, reason });
    expect(result).toMatchObject({ ok: false, code });
    if (result.ok) throw new Error('expected a refusal');
    expect(result.message).toContain(messagePart);
  });

  it('uses the configured thresholds, not fixed ones', () => {
    const strict: DecisionTimeSettings = { ...DEFAULT_DECISION_TIME_SETTINGS, retroactiveWithoutReasonMinutes: 1, futureToleranceSeconds: 5, maxPastDays: 1 };
    expect(validateDecisionTime({ decidedAt: before(90), recordedAt }, strict)).toMatchObject({ ok: false, code: 'reason_required' });
    expect(validateDecisionTime({ decidedAt: after(10), recordedAt }, strict)).toMatchObject({ ok: false, code: 'in_future' });
    expect(validateDecisionTime({ decidedAt: before(25 * 3600), recordedAt, reason: 'r' }, strict)).toMatchObject({ ok: false, code: 'too_far_in_past' });
  });

  it('treats an invalid recording time as a programming error', () => {
    expect(() => validateDecisionTime({ recordedAt: new Date(NaN) })).toThrow(RangeError);
  });
});
