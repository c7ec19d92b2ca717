import { checkRotation, coverageGaps, handoverAt, onCallAt, Roster, RosterOverride, Rotation, slotIndexAt } from './rotation.policy';
import { parisInstant, parseParisLocal } from './paris-wall-clock';

const at = (iso: string) => new Date(iso);
const members = (...ids: string[]) => ids.map((id) => ({ id, active: true }));
const weekly = (startLocal: string, memberIds: string[], role = 'chief', id = 'r1'): Rotation => ({ id, role, startLocal, shiftHours: 168, memberIds });

describe('parisInstant: Paris wall clock to instant', () => {
  it.each([
    ['winter', '2026-01-15T09:00', '2026-01-15T08:00:00.000Z'],
    ['summer', '2026-07-14T09:00', '2026-07-14T07:00:00.000Z'],
    ['spring night, 01:59 still winter time', '2026-03-29T01:59', '2026-03-29T00:59:00.000Z'],
    ['spring night, 02:30 does not exist: moved forward to 03:30 summer time', '2026-03-29T02:30', '2026-03-29T01:30:00.000Z'],
    ['spring night, 03:00 is the first summer minute', '2026-03-29T03:00', '2026-03-29T01:00:00.000Z'],
    ['autumn night, 02:30 happens twice: the first pass (summer time)', '2026-10-25T02:30', '2026-10-25T00:30:00.000Z'],
    ['autumn night, 03:00 is winter time', '2026-10-25T03:00', '2026-10-25T02:00:00.000Z'],
    ['new year', '2027-01-01T00:00', '2026-12-31T23:00:00.000Z'],
  ])('%s: %s', (_why, local, expected) => {
    expect(parisInstant(parseParisLocal(local)!).toISOString()).toBe(expected);
  });

  it.each([['2026-02-29T09:00'], ['2026-04-31T09:00'], ['2026-13-01T09:00'], ['2026-01-01T24:00'], ['2026-01-01 09:00'], ['lundi 9h']])('refuses %s', (local) => {
    expect(parseParisLocal(local)).toBeNull();
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseParisLocal('2028-02-29T09:00')).not.toBeNull();
  });
});

describe('handovers stay at the same Paris time across daylight-saving changes and month ends', () => {
  it.each<[string, Pick<Rotation, 'startLocal' | 'shiftHours'>, number, string]>([
    ['weekly Monday 09:00, before the spring change (UTC+1)', { startLocal: '2026-03-23T09:00', shiftHours: 168 }, 0, '2026-03-23T08:00:00.000Z'],
    ['weekly Monday 09:00, after the spring change (UTC+2): 167 real hours later', { startLocal: '2026-03-23T09:00', shiftHours: 168 }, 1, '2026-03-30T07:00:00.000Z'],
    ['weekly Monday 09:00, before the autumn change (UTC+2)', { startLocal: '2026-10-19T09:00', shiftHours: 168 }, 0, '2026-10-19T07:00:00.000Z'],
    ['weekly Monday 09:00, after the autumn change (UTC+1): 169 real hours later', { startLocal: '2026-10-19T09:00', shiftHours: 168 }, 1, '2026-10-26T08:00:00.000Z'],
    ['weekly, 30 weeks on: still Monday 09:00 (winter again)', { startLocal: '2026-03-23T09:00', shiftHours: 168 }, 30, '2026-10-19T07:00:00.000Z'],
    ['daily at 02:30: on the spring night it happens at 03:30', { startLocal: '2026-03-27T02:30', shiftHours: 24 }, 2, '2026-03-29T01:30:00.000Z'],
    ['daily at 02:30: the day after, 02:30 summer time again', { startLocal: '2026-03-27T02:30', shiftHours: 24 }, 3, '2026-03-30T00:30:00.000Z'],
    ['daily at 02:30: on the autumn night, the first 02:30', { startLocal: '2026-10-23T02:30', shiftHours: 24 }, 2, '2026-10-25T00:30:00.000Z'],
    ['12-hour shifts at 08:00/20:00 over the end of January', { startLocal: '2026-01-30T20:00', shiftHours: 12 }, 3, '2026-02-01T07:00:00.000Z'],
    ['daily over 28 February (not a leap year) into March', { startLocal: '2026-02-27T09:00', shiftHours: 24 }, 2, '2026-03-01T08:00:00.000Z'],
    ['daily over 28 February into 29 February (leap year)', { startLocal: '2028-02-27T09:00', shiftHours: 24 }, 2, '2028-02-29T08:00:00.000Z'],
    ['weekly over the end of the year', { startLocal: '2026-12-28T09:00', shiftHours: 168 }, 1, '2027-01-04T08:00:00.000Z'],
    ['weekly over a 30-day month end', { startLocal: '2026-04-27T09:00', shiftHours: 168 }, 1, '2026-05-04T07:00:00.000Z'],
  ])('%s', (_why, r, k, expected) => {
    expect(handoverAt(r, k).toISOString()).toBe(expected);
  });

  it.each<[string, Pick<Rotation, 'startLocal' | 'shiftHours'>, string, number]>([
    ['one minute before the first handover: not started', { startLocal: '2026-03-23T09:00', shiftHours: 168 }, '2026-03-23T07:59:00Z', -1],
    ['at the first handover', { startLocal: '2026-03-23T09:00', shiftHours: 168 }, '2026-03-23T08:00:00Z', 0],
    ['Monday 08:59 summer time, after the spring change: still the first slot', { startLocal: '2026-03-23T09:00', shiftHours: 168 }, '2026-03-30T06:59:59Z', 0],
    ['Monday 09:00 summer time: the second slot', { startLocal: '2026-03-23T09:00', shiftHours: 168 }, '2026-03-30T07:00:00Z', 1],
    ['Monday 08:59 winter time after the autumn change: still the first slot', { startLocal: '2026-10-19T09:00', shiftHours: 168 }, '2026-10-26T07:59:59Z', 0],
    ['Monday 09:00 winter time: the second slot', { startLocal: '2026-10-19T09:00', shiftHours: 168 }, '2026-10-26T08:00:00Z', 1],
    ['inside the repeated hour, first pass (02:40 summer), daily at 02:30', { startLocal: '2026-10-24T02:30', shiftHours: 24 }, '2026-10-25T00:40:00Z', 1],
    ['inside the repeated hour, second pass (02:40 winter): same slot, no double handover', { startLocal: '2026-10-24T02:30', shiftHours: 24 }, '2026-10-25T01:40:00Z', 1],
    ['8-hour shifts across the spring night: the night slot is 7 real hours', { startLocal: '2026-03-28T22:00', shiftHours: 8 }, '2026-03-29T03:59:59Z', 0],
    ['8-hour shifts: 06:00 summer time is the next handover', { startLocal: '2026-03-28T22:00', shiftHours: 8 }, '2026-03-29T04:00:00Z', 1],
  ])('slot: %s', (_why, r, instant, k) => {
    expect(slotIndexAt(r, at(instant))).toBe(k);
  });
});

describe('onCallAt', () => {
  const base: Roster = { rotations: [weekly('2026-03-23T09:00', ['a', 'b', 'c'])], overrides: [], members: members('a', 'b', 'c', 'd') };
  const leave = (memberId: string, from: string, to: string, id = 'o1'): RosterOverride => ({ id, kind: 'leave', memberId, role: null, from: at(from), to: at(to) });
  const swap = (memberId: string, from: string, to: string, role = 'chief', id = 's1'): RosterOverride => ({ id, kind: 'swap', memberId, role, from: at(from), to: at(to) });

  it.each<[string, Partial<Roster>, string, string | null, string[]]>([
    ['first week: a, then b and c as backups', {}, '2026-03-25T12:00:00Z', 'a', ['b', 'c']],
    ['Monday after the spring change, 08:30 Paris: still a', {}, '2026-03-30T06:30:00Z', 'a', ['b', 'c']],
    ['Monday after the spring change, 09:00 Paris: b', {}, '2026-03-30T07:00:00Z', 'b', ['c', 'a']],
    ['third week: c, wrapping round to a', {}, '2026-04-08T12:00:00Z', 'c', ['a', 'b']],
    ['fourth week: a again', {}, '2026-04-14T12:00:00Z', 'a', ['b', 'c']],
    ['before the rotation starts: nobody', {}, '2026-03-22T12:00:00Z', null, []],
    ['another role: nobody', { rotations: [weekly('2026-03-23T09:00', ['a'], 'press')] }, '2026-03-25T12:00:00Z', null, []],
    ['a on leave: b is on call, c backs up', { overrides: [leave('a', '2026-03-24T00:00:00Z', '2026-03-26T00:00:00Z')] }, '2026-03-25T12:00:00Z', 'b', ['c']],
    ['a leave that has ended changes nothing', { overrides: [leave('a', '2026-03-24T00:00:00Z', '2026-03-25T00:00:00Z')] }, '2026-03-25T12:00:00Z', 'a', ['b', 'c']],
    ['a leave ends exactly at the instant (to is exclusive)', { overrides: [leave('a', '2026-03-24T00:00:00Z', '2026-03-25T12:00:00Z')] }, '2026-03-25T12:00:00Z', 'a', ['b', 'c']],
    ['a swap puts d first, the rotation follows', { overrides: [swap('d', '2026-03-25T00:00:00Z', '2026-03-26T00:00:00Z')] }, '2026-03-25T12:00:00Z', 'd', ['a', 'b', 'c']],
    ['a swap with a rotation member moves them up', { overrides: [swap('c', '2026-03-25T00:00:00Z', '2026-03-26T00:00:00Z')] }, '2026-03-25T12:00:00Z', 'c', ['a', 'b']],
    ['a swap for another role does not apply', { overrides: [swap('d', '2026-03-25T00:00:00Z', '2026-03-26T00:00:00Z', 'press')] }, '2026-03-25T12:00:00Z', 'a', ['b', 'c']],
    ['a swap covers a role before its rotation starts', { overrides: [swap('d', '2026-03-20T00:00:00Z', '2026-03-23T08:00:00Z')] }, '2026-03-22T12:00:00Z', 'd', []],
    [
      'the swapped-in member on leave does not count',
      { overrides: [swap('d', '2026-03-25T00:00:00Z', '2026-03-26T00:00:00Z'), leave('d', '2026-03-25T00:00:00Z', '2026-03-26T00:00:00Z')] },
      '2026-03-25T12:00:00Z',
      'a',
      ['b', 'c'],
    ],
    ['an inactive member is skipped', { members: [{ id: 'a', active: false }, ...members('b', 'c')] }, '2026-03-25T12:00:00Z', 'b', ['c']],
    ['everyone on leave: nobody', { overrides: ['a', 'b', 'c'].map((m, i) => leave(m, '2026-03-24T00:00:00Z', '2026-03-26T00:00:00Z', `o${i}`)) }, '2026-03-25T12:00:00Z', null, []],
    [
      'a later rotation supersedes the earlier one from its start',
      { rotations: [weekly('2026-03-23T09:00', ['a', 'b', 'c']), weekly('2026-04-06T09:00', ['d', 'a'], 'chief', 'r2')] },
      '2026-04-06T07:00:00Z',
      'd',
      ['a'],
    ],
    ['a member listed twice is paged once', { rotations: [weekly('2026-03-23T09:00', ['a', 'b', 'a'])] }, '2026-03-25T12:00:00Z', 'a', ['b']],
  ])('%s', (_why, change, instant, expected, backups) => {
    const r = onCallAt({ ...base, ...change }, 'chief', at(instant));
    expect(r?.memberId ?? null).toBe(expected);
    expect(r?.backups ?? []).toEqual(backups);
  });

  it('says which slot is in force, with its Paris-time bounds', () => {
    const r = onCallAt(base, 'chief', at('2026-03-30T07:00:00Z'))!;
    expect(r.slot).toEqual({ rotationId: 'r1', index: 1, start: at('2026-03-30T07:00:00Z'), end: at('2026-04-06T07:00:00Z') });
    expect(r.source).toBe('rotation');
  });
});

describe('coverageGaps', () => {
  const from = at('2026-03-20T00:00:00Z');
  const to = at('2026-04-19T00:00:00Z'); // 30 days
  const gaps = (roster: Roster, roles = ['chief']) => coverageGaps(roster, roles, from, to).map((g) => [g.role, g.from.toISOString(), g.to.toISOString(), g.reason]);

  it.each<[string, Roster, string[], Array<[string, string, string, string]>]>([
    [
      'a role with no rotation is one gap over the whole window',
      { rotations: [], overrides: [], members: [] },
      ['press'],
      [['press', '2026-03-20T00:00:00.000Z', '2026-04-19T00:00:00.000Z', 'no_rotation']],
    ],
    [
      'a rotation starting on Monday: a gap until its first handover, none across the spring change',
      { rotations: [weekly('2026-03-23T09:00', ['a', 'b'])], overrides: [], members: members('a', 'b') },
      ['chief'],
      [['chief', '2026-03-20T00:00:00.000Z', '2026-03-23T08:00:00.000Z', 'no_rotation']],
    ],
    [
      'the only member on leave for two days',
      {
        rotations: [weekly('2026-03-16T09:00', ['a'])],
        overrides: [{ id: 'l', kind: 'leave', memberId: 'a', role: null, from: at('2026-04-01T10:00:00Z'), to: at('2026-04-03T10:00:00Z') }],
        members: members('a'),
      },
      ['chief'],
      [['chief', '2026-04-01T10:00:00.000Z', '2026-04-03T10:00:00.000Z', 'nobody_available']],
    ],
    [
      'a swap fills the hole of the leave',
      {
        rotations: [weekly('2026-03-16T09:00', ['a'])],
        overrides: [
          { id: 'l', kind: 'leave', memberId: 'a', role: null, from: at('2026-04-01T10:00:00Z'), to: at('2026-04-03T10:00:00Z') },
          { id: 's', kind: 'swap', memberId: 'b', role: 'chief', from: at('2026-04-01T10:00:00Z'), to: at('2026-04-02T10:00:00Z') },
        ],
        members: members('a', 'b'),
      },
      ['chief'],
      [['chief', '2026-04-02T10:00:00.000Z', '2026-04-03T10:00:00.000Z', 'nobody_available']],
    ],
    ['a fully covered role has no gap', { rotations: [weekly('2026-03-16T09:00', ['a', 'b'])], overrides: [], members: members('a', 'b') }, ['chief'], []],
    [
      'hourly shifts over 30 days with one inactive member: every other hour is not a gap (the other member backs up)',
      {
        rotations: [{ id: 'h', role: 'chief', startLocal: '2026-03-01T00:00', shiftHours: 1, memberIds: ['a', 'b'] }],
        overrides: [],
        members: [
          { id: 'a', active: false },
          { id: 'b', active: true },
        ],
      },
      ['chief'],
      [],
    ],
  ])('%s', (_why, roster, roles, expected) => {
    expect(gaps(roster, roles)).toEqual(expected);
  });
});

describe('checkRotation', () => {
  it.each<[string, Pick<Rotation, 'startLocal' | 'shiftHours' | 'memberIds'>, string | null]>([
    ['a weekly rotation', { startLocal: '2026-03-23T09:00', shiftHours: 168, memberIds: ['a'] }, null],
    ['a start that is not a date', { startLocal: '2026-02-30T09:00', shiftHours: 168, memberIds: ['a'] }, 'rotation_start_invalid'],
    ['a start with a UTC offset', { startLocal: '2026-03-23T09:00+01:00', shiftHours: 168, memberIds: ['a'] }, 'rotation_start_invalid'],
    ['zero hours', { startLocal: '2026-03-23T09:00', shiftHours: 0, memberIds: ['a'] }, 'rotation_shift_invalid'],
    ['a fraction of an hour', { startLocal: '2026-03-23T09:00', shiftHours: 1.5, memberIds: ['a'] }, 'rotation_shift_invalid'],
    ['nobody', { startLocal: '2026-03-23T09:00', shiftHours: 168, memberIds: [] }, 'rotation_empty'],
  ])('%s', (_why, r, code) => {
    const check = checkRotation(r);
    expect(check.ok ? null : check.code).toBe(code);
  });
});
