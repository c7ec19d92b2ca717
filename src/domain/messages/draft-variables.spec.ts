import { bulletinMarker, draftVariables, formatNextUpdate, publicPageUrl } from './draft-variables';

const now = new Date('2026-11-29T13:05:00Z'); // 14:05 in Paris (winter)

describe('bulletinMarker', () => {
  it.each([
    ['winter afternoon', '88', 3, new Date('2026-11-29T13:05:00Z'), '[PREF88-B3-1405]'],
    ['summer night', '88', 12, new Date('2026-07-14T00:15:00Z'), '[PREF88-B12-0215]'],
    ['Corsica and large numbers stay within 20 characters', '2A', 99999, new Date('2026-11-29T23:59:00Z'), '[PREF2A-B99999-0059]'],
  ])('%s', (_why, dep, n, at, expected) => {
    expect(bulletinMarker(dep, n, at)).toBe(expected);
    expect(expected.length).toBeLessThanOrEqual(20);
  });
});

describe('formatNextUpdate', () => {
  it.each([
    ['later today', new Date('2026-11-29T15:30:00Z'), "aujourd'hui à 16h30"],
    ['tomorrow morning', new Date('2026-11-30T08:00:00Z'), 'le 30/11 à 09h00'],
    ['after midnight Paris time, though still the same UTC day', new Date('2026-11-29T23:30:00Z'), 'le 30/11 à 00h30'],
  ])('%s', (_why, at, expected) => expect(formatNextUpdate(at, now)).toBe(expected));
});

describe('draftVariables', () => {
  const event = {
    id: 'e1',
    title: 'Crue de la Moselle',
    kind: 'flood' as const,
    communes: [
      { code: '88160', name: 'Épinal' },
      { code: '88209', name: 'Golbey' },
    ],
    cipNumber: '+33800130000',
    cipOpenedAt: null as Date | null,
  };
  const input = { facts: ' La Moselle déborde. ', instructions: 'Restez chez vous.', nextUpdateAt: new Date('2026-11-29T15:00:00Z') };
  const ctx = { now, baseUrl: 'https://crise.vosges.gouv.fr/', marker: '[PREF88-B1-1405]' };

  it('fills what the product knows and trims what was typed', () => {
    expect(draftVariables(event, input, ctx)).toEqual({
      eventTitle: 'Crue de la Moselle',
      eventKindLabel: 'Inondation',
      communes: ['Épinal', 'Golbey'],
      facts: 'La Moselle déborde.',
      instructions: 'Restez chez vous.',
      nextUpdateAt: "aujourd'hui à 16h00",
      publicPageUrl: 'https://crise.vosges.gouv.fr/public/events/e1',
      marker: '[PREF88-B1-1405]',
    });
  });

  it.each([
    ['CIP ordered but not open: no number', null, false],
    ['CIP open: the number, as French readers dial it', new Date('2026-11-29T12:00:00Z'), true],
  ])('%s', (_why, openedAt, shown) => {
    const vars = draftVariables({ ...event, cipOpenedAt: openedAt }, input, ctx);
    expect(vars.nnip).toBe(shown ? '0 800 13 00 00' : undefined);
  });

  it('builds the public page address without a double slash', () => {
    expect(publicPageUrl('http://localhost:3000/', 'x')).toBe('http://localhost:3000/public/events/x');
  });
});
