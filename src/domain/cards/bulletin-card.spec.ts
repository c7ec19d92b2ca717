import { cardTime, wrapText } from './bulletin-card';

/** One unit per character: a line "fits" when it has at most `width` characters. */
const mono = (width: number) => (line: string) => [...line].length <= width;

describe('wrapText', () => {
  it.each<[string, string, number, number, string[]]>([
    ['short text on one line', 'Crue à Épinal', 20, 3, ['Crue à Épinal']],
    ['cut between words', 'Crue de la Moselle à Épinal', 12, 3, ['Crue de la', 'Moselle à', 'Épinal']],
    ['spaces collapsed', '  Crue   de\n la  Moselle ', 12, 3, ['Crue de la', 'Moselle']],
    ['too long: the last line ends in an ellipsis', 'Crue de la Moselle à Épinal et à Golbey', 12, 2, ['Crue de la', 'Moselle à…']],
    ['the ellipsis takes the room of what it replaces', 'abcdefghij klmnop', 10, 1, ['abcdefghi…']],
    ['a word wider than a line is cut after its hyphen', 'Gérardmer-Xonrupt-Longemer', 12, 3, ['Gérardmer-', 'Xonrupt-', 'Longemer']],
    ['a word without hyphen is cut where it stops fitting', 'Anticonstitutionnellement', 10, 3, ['Anticonsti', 'tutionnell', 'ement']],
    ['an empty text draws nothing', '   ', 10, 3, []],
    ['no trailing punctuation before the ellipsis', 'Alerte, confinement, évacuation', 11, 1, ['Alerte…']],
  ])('%s', (_, text, width, lines, expected) => {
    expect(wrapText(text, lines, mono(width))).toEqual(expected);
  });
});

describe('cardTime (Europe/Paris)', () => {
  it.each([
    ['winter', '2026-01-15T23:30:00Z', '16 janvier 2026 à 00 h 30'],
    ['summer', '2026-07-14T04:05:00Z', '14 juillet 2026 à 06 h 05'],
    ['the autumn change, second 02:30', '2026-10-25T01:30:00Z', '25 octobre 2026 à 02 h 30'],
  ])('%s', (_, iso, expected) => {
    expect(cardTime(new Date(iso))).toBe(expected);
  });
});
