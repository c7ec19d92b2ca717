import { addMinutes, formatParis, formatParisIso, formatParisMoment, formatParisTime, minutesBetween, parisDay, parisOffsetMinutes } from './paris-time';

const at = (iso: string) => new Date(iso);

describe('formatParis', () => {
  it.each([
    ['winter afternoon (UTC+1)', '2026-11-28T15:03:00Z', '28/11/2026 16:03'],
    ['summer afternoon (UTC+2)', '2026-07-14T14:03:00Z', '14/07/2026 16:03'],
    ['just after midnight, 24h clock, never 24:05', '2026-11-27T23:05:00Z', '28/11/2026 00:05'],
    ['UTC day before, Paris day after', '2026-12-31T23:30:00Z', '01/01/2027 00:30'],
    ['seconds are not rounded up into the next minute', '2026-11-28T15:03:59.999Z', '28/11/2026 16:03'],
    ['last winter minute before the spring change', '2026-03-29T00:59:00Z', '29/03/2026 01:59'],
    ['first summer minute: 02:00 never exists that night', '2026-03-29T01:00:00Z', '29/03/2026 03:00'],
    ['first pass through 02:30 on the autumn night (summer time)', '2026-10-25T00:30:00Z', '25/10/2026 02:30'],
    ['second pass through 02:30 on the autumn night (winter time)', '2026-10-25T01:30:00Z', '25/10/2026 02:30'],
  ])('%s: %s is %s', (_why, iso, expected) => {
    expect(formatParis(at(iso))).toBe(expected);
  });

  it('does not depend on the process time zone', () => {
    // The test runner's TZ may be UTC; the formatted value must still be Paris time.
    expect(formatParis(at('2026-01-15T12:00:00Z'))).toBe('15/01/2026 13:00');
  });

  it('refuses an invalid date instead of printing "NaN"', () => {
    expect(() => formatParis(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('formatParisIso', () => {
  it.each([
    ['winter', '2026-11-28T15:03:00Z', '2026-11-28T16:03:00+01:00'],
    ['summer', '2026-07-14T14:03:07Z', '2026-07-14T16:03:07+02:00'],
    ['spring night, before the change', '2026-03-29T00:59:59Z', '2026-03-29T01:59:59+01:00'],
    ['spring night, after the change', '2026-03-29T01:05:00Z', '2026-03-29T03:05:00+02:00'],
    ['autumn night, first 02:30 (summer)', '2026-10-25T00:30:00Z', '2026-10-25T02:30:00+02:00'],
    ['autumn night, second 02:30 (winter)', '2026-10-25T01:30:00Z', '2026-10-25T02:30:00+01:00'],
    ['milliseconds truncated, never rounded up', '2026-11-28T15:03:00.999Z', '2026-11-28T16:03:00+01:00'],
  ])('%s: %s is %s', (_why, iso, expected) => {
    expect(formatParisIso(at(iso))).toBe(expected);
  });

  it.each(['2026-03-29T00:59:59Z', '2026-03-29T01:05:00Z', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '2026-06-01T10:00:00Z'])('round-trips %s to the same instant', (iso) => {
    expect(new Date(formatParisIso(at(iso))).getTime()).toBe(at(iso).getTime());
  });
});

describe('parisOffsetMinutes', () => {
  it.each([
    ['2026-03-29T00:59:59Z', 60],
    ['2026-03-29T01:00:00Z', 120],
    ['2026-10-25T00:59:59Z', 120],
    ['2026-10-25T01:00:00Z', 60],
  ])('%s is UTC+%i minutes in Paris', (iso, expected) => {
    expect(parisOffsetMinutes(at(iso))).toBe(expected);
  });
});

describe('formatParisTime, parisDay and formatParisMoment', () => {
  it('gives the Paris hour and the Paris day', () => {
    expect(formatParisTime(at('2026-11-28T01:10:00Z'))).toBe('02:10');
    expect(parisDay(at('2026-11-27T23:10:00Z'))).toBe('2026-11-28');
  });

  it.each([
    ['same Paris day: the hour only', '2026-11-28T01:10:00Z', '2026-11-28T05:00:00Z', 'at 02:10'],
    ['same Paris day although the UTC days differ', '2026-11-27T23:10:00Z', '2026-11-28T05:00:00Z', 'at 00:10'],
    ['another Paris day: the date too', '2026-11-27T01:10:00Z', '2026-11-28T05:00:00Z', 'on 27/11/2026 at 02:10'],
  ])('%s', (_why, dateIso, nowIso, expected) => {
    expect(formatParisMoment(at(dateIso), at(nowIso))).toBe(expected);
  });
});

describe('minutesBetween and addMinutes', () => {
  it.each([
    ['one ordinary hour', '2026-11-28T01:10:00Z', '2026-11-28T02:10:00Z', 60],
    ['backwards is negative', '2026-11-28T02:10:00Z', '2026-11-28T01:10:00Z', -60],
    ['59:59', '2026-11-28T01:00:00Z', '2026-11-28T01:59:59Z', 59 + 59 / 60],
    // 01:30 -> 03:30 Paris on the spring night: the wall clock says two hours, the real time is one.
    ['spring night 01:30 -> 03:30 Paris', '2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z', 60],
    // 02:30 (summer) -> 02:30 (winter) on the autumn night: the wall clock says zero, the real time is one hour.
    ['autumn night 02:30 CEST -> 02:30 CET', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', 60],
  ])('%s', (_why, a, b, expected) => {
    expect(minutesBetween(at(a), at(b))).toBeCloseTo(expected, 10);
  });

  it('adds real minutes across the spring change: 01:30 + 60 min is 03:30 Paris', () => {
    const due = addMinutes(at('2026-03-29T00:30:00Z'), 60);
    expect(formatParisIso(due)).toBe('2026-03-29T03:30:00+02:00');
  });

  it('adds real minutes across the autumn change: 02:30 summer + 60 min is 02:30 winter', () => {
    const due = addMinutes(at('2026-10-25T00:30:00Z'), 60);
    expect(formatParisIso(due)).toBe('2026-10-25T02:30:00+01:00');
  });

  it('refuses an invalid date', () => {
    expect(() => minutesBetween(new Date(NaN), new Date())).toThrow(RangeError);
  });
});
