import { parisYear, programmeStanding, ProgrammeExercise } from './programme.policy';

const at = (iso: string) => new Date(iso);
const planned = (iso: string): ProgrammeExercise => ({ status: 'planned', plannedAt: at(iso) });
const held = (iso: string): ProgrammeExercise => ({ status: 'held', plannedAt: at(iso) });

describe('the Paris-time year of an exercise', () => {
  it.each([
    ['2026-12-31T22:30:00Z', 2026], // 31 December 23:30 in Paris (UTC+1)
    ['2026-12-31T22:59:59Z', 2026],
    ['2026-12-31T23:30:00Z', 2027], // 1 January 00:30 in Paris
    ['2026-06-30T22:30:00Z', 2026], // 1 July 00:30 in Paris (summer time)
  ])('%s is in %i', (iso, year) => expect(parisYear(at(iso))).toBe(year));
});

describe('programme on track or behind', () => {
  const threeHeld = [held('2026-02-10T09:00:00Z'), held('2026-05-10T09:00:00Z'), held('2026-09-10T09:00:00Z')];
  it.each<[string, ProgrammeExercise[], string, { onTrack: boolean; behindBy: number; held: number; planned: number; overdue?: number }]>([
    ['three held and one still planned on 31 Dec 23:30 Paris reach 4', [...threeHeld, planned('2026-12-31T22:30:00Z')], '2026-12-31T20:00:00Z', { onTrack: true, behindBy: 0, held: 3, planned: 1 }],
    ['an exercise on 1 Jan 00:30 Paris belongs to the next year', [...threeHeld, planned('2026-12-31T23:30:00Z')], '2026-12-31T20:00:00Z', { onTrack: false, behindBy: 1, held: 3, planned: 0 }],
    [
      'a planned exercise whose time passed without a start no longer counts',
      [...threeHeld, planned('2026-12-31T22:30:00Z')],
      '2026-12-31T22:31:00Z',
      { onTrack: false, behindBy: 1, held: 3, planned: 0, overdue: 1 },
    ],
    ['at its very time it is still planned', [...threeHeld, planned('2026-12-31T22:30:00Z')], '2026-12-31T22:30:00Z', { onTrack: true, behindBy: 0, held: 3, planned: 1 }],
    ['four held: on track', [...threeHeld, held('2026-11-01T09:00:00Z')], '2027-01-05T00:00:00Z', { onTrack: true, behindBy: 0, held: 4, planned: 0 }],
    ['nothing planned in January: behind by the whole target', [], '2026-01-01T00:00:00Z', { onTrack: false, behindBy: 4, held: 0, planned: 0 }],
    ['cancelled ones count for nothing', [...threeHeld, { status: 'cancelled', plannedAt: at('2026-12-01T09:00:00Z') }], '2026-06-01T00:00:00Z', { onTrack: false, behindBy: 1, held: 3, planned: 0 }],
    [
      'a running exercise counts as held',
      [...threeHeld.slice(0, 2), { status: 'running', plannedAt: at('2026-10-01T09:00:00Z') }, planned('2026-12-01T09:00:00Z')],
      '2026-10-01T10:00:00Z',
      { onTrack: true, behindBy: 0, held: 3, planned: 1 },
    ],
  ])('%s', (_name, exercises, now, expected) => {
    const s = programmeStanding(2026, 4, exercises, at(now));
    expect(s).toMatchObject(expected);
  });
});
