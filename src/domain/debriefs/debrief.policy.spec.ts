import { ActionStatus, checkCalendarDate, checkContent, checkEditable, checkHeldAt, checkTransition, heldWhileOpen, isOverdue } from './debrief.policy';

describe('isOverdue: due before today in Paris, and still to do', () => {
  it.each<[string, string, ActionStatus, string, boolean]>([
    ['due 31/12, 23:59:59 Paris on 31/12 (22:59:59 UTC)', '2026-12-31', 'open', '2026-12-31T22:59:59Z', false],
    ['due 31/12, 00:00 Paris on 1/1 (23:00 UTC on 31/12)', '2026-12-31', 'open', '2026-12-31T23:00:00Z', true],
    ['due 31/12, in progress at 00:00:01 Paris on 1/1', '2026-12-31', 'in_progress', '2026-12-31T23:00:01Z', true],
    ['due 31/12, done, checked on 1/1', '2026-12-31', 'done', '2027-01-01T12:00:00Z', false],
    ['due 31/12, cancelled, checked on 1/1', '2026-12-31', 'cancelled', '2027-01-01T12:00:00Z', false],
    ['due 1/1, 00:30 Paris on 1/1 (due today is not late)', '2027-01-01', 'open', '2026-12-31T23:30:00Z', false],
    ['due 1/1, 00:00 Paris on 2/1', '2027-01-01', 'open', '2027-01-01T23:00:00Z', true],
    ['summer: due 30/6, 23:59 Paris (21:59 UTC)', '2026-06-30', 'open', '2026-06-30T21:59:00Z', false],
    ['summer: due 30/6, 00:00 Paris on 1/7 (22:00 UTC)', '2026-06-30', 'open', '2026-06-30T22:00:00Z', true],
    ['due long ago, open', '2025-03-01', 'open', '2026-12-03T10:00:00Z', true],
  ])('%s → %s', (_why, dueDate, status, now, expected) => {
    expect(isOverdue({ dueDate, status }, new Date(now))).toBe(expected);
  });
});

describe('checkTransition: the life of an action', () => {
  it.each<[ActionStatus, ActionStatus]>([
    ['open', 'in_progress'],
    ['open', 'done'],
    ['open', 'cancelled'],
    ['in_progress', 'open'],
    ['in_progress', 'done'],
    ['in_progress', 'cancelled'],
    ['done', 'in_progress'],
    ['cancelled', 'open'],
  ])('%s → %s is allowed', (from, to) => {
    expect(checkTransition(from, to)).toEqual({ ok: true });
  });

  it.each<[ActionStatus, ActionStatus, string, RegExp]>([
    ['open', 'open', 'status_unchanged', /already à faire/],
    ['done', 'done', 'status_unchanged', /already réalisée/],
    ['done', 'cancelled', 'bad_status_transition', /done cannot become cancelled: it can only become in_progress/],
    ['done', 'open', 'bad_status_transition', /only become in_progress/],
    ['cancelled', 'done', 'bad_status_transition', /cancelled cannot become done: it can only become open/],
    ['cancelled', 'in_progress', 'bad_status_transition', /only become open/],
  ])('%s → %s is refused (%s)', (from, to, code, message) => {
    const c = checkTransition(from, to);
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.code).toBe(code);
    expect(c.message).toMatch(message);
  });

  it.each<[ActionStatus, boolean]>([
    ['open', true],
    ['in_progress', true],
    ['done', false],
    ['cancelled', false],
  ])('owner, title and due date of a %s action can be changed: %s', (status, ok) => {
    expect(checkEditable(status).ok).toBe(ok);
  });
});

describe('checkCalendarDate', () => {
  it.each<[string, string | null]>([
    ['2027-01-15', null],
    ['2028-02-29', null],
    ['2027-02-29', 'is not a day of the calendar'],
    ['2026-02-30', 'is not a day of the calendar'],
    ['2026-13-01', 'is not a day of the calendar'],
    ['15/01/2027', 'YYYY-MM-DD'],
    ['2027-1-5', 'YYYY-MM-DD'],
    ['2027-01-15T00:00:00Z', 'YYYY-MM-DD'],
    ['1999-12-31', 'outside the years 2000 to 2100'],
  ])('%s → %s', (value, problem) => {
    const c = checkCalendarDate(value);
    if (problem === null) expect(c).toEqual({ ok: true });
    else expect(c.ok === false && c.code === 'bad_date' && c.message.includes(problem)).toBe(true);
  });
});

describe('checkHeldAt: when a debrief was held', () => {
  const now = new Date('2026-12-03T10:00:00Z');
  const eventCreatedAt = new Date('2026-11-28T01:00:40Z');
  const hot = new Date('2026-11-29T17:00:00Z');
  it.each<[string, 'hot' | 'cold', string, Date | null, string | null]>([
    ['hot, nothing else yet', 'hot', '2026-11-29T17:00:00Z', null, null],
    ['hot, a few seconds in the future (clock skew)', 'hot', '2026-12-03T10:04:00Z', null, null],
    ['hot, an hour in the future', 'hot', '2026-12-03T11:00:00Z', null, 'held_in_future'],
    ['hot, before the event was opened', 'hot', '2026-11-28T00:59:59Z', null, 'held_before_event'],
    ['hot, written to the minute the event was opened (01:00 for 01:00:40)', 'hot', '2026-11-28T01:00:00Z', null, null],
    ['cold after the hot', 'cold', '2026-12-02T09:00:00Z', hot, null],
    ['cold at the same time as the hot', 'cold', '2026-11-29T17:00:00Z', hot, null],
    ['cold one minute before the hot', 'cold', '2026-11-29T16:59:00Z', hot, 'cold_before_hot'],
    ['cold without any hot debrief', 'cold', '2026-11-29T16:59:00Z', null, null],
    ['hot rewritten after the cold one', 'hot', '2026-12-02T10:00:00Z', new Date('2026-12-02T09:00:00Z'), 'cold_before_hot'],
  ])('%s', (_why, phase, heldAt, otherHeldAt, code) => {
    const c = checkHeldAt({ phase, heldAt: new Date(heldAt), now, eventCreatedAt, otherHeldAt });
    expect(c.ok ? null : c.code).toBe(code);
  });

  it('names the two times in Paris time', () => {
    const c = checkHeldAt({ phase: 'cold', heldAt: new Date('2026-11-29T16:00:00Z'), now, eventCreatedAt, otherHeldAt: hot });
    expect(c).toEqual({ ok: false, code: 'cold_before_hot', message: 'The cold debrief (29/11/2026 17:00) cannot be held before the hot one (29/11/2026 18:00 Paris time).' });
  });
});

describe('checkContent and heldWhileOpen', () => {
  it.each([
    [{ wentWell: [], toImprove: [], findings: [] }, false],
    [{ wentWell: ['x'], toImprove: [], findings: [] }, true],
    [{ wentWell: [], toImprove: [], findings: [{}] }, true],
  ])('%j says something: %s', (c, ok) => {
    expect(checkContent(c).ok).toBe(ok);
  });

  it.each<[string, string | null, boolean]>([
    ['2026-11-29T17:00:00Z', null, true],
    ['2026-11-29T17:00:00Z', '2026-11-29T18:00:00Z', true],
    ['2026-11-29T18:00:00Z', '2026-11-29T18:00:00Z', false],
    ['2026-11-29T19:00:00Z', '2026-11-29T18:00:00Z', false],
  ])('held at %s, event closed at %s: held while open %s', (heldAt, closedAt, expected) => {
    expect(heldWhileOpen(new Date(heldAt), closedAt ? new Date(closedAt) : null)).toBe(expected);
  });
});
