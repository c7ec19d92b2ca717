import { isGsm7, smsSegments } from './sms-segments';

describe('smsSegments', () => {
  it.each([
    ['empty text', '', 'GSM-7', 0, 0],
    ['plain ASCII', 'Bonjour', 'GSM-7', 7, 1],
    ['160 GSM characters fit one SMS', 'a'.repeat(160), 'GSM-7', 160, 1],
    ['161 GSM characters take two parts of 153', 'a'.repeat(161), 'GSM-7', 161, 2],
    ['é is in the GSM alphabet', 'é'.repeat(160), 'GSM-7', 160, 1],
    ['è, à, ù and É are too', 'èàùÉ', 'GSM-7', 4, 1],
    ['ê is not: the whole text goes UCS-2', 'forêt', 'UCS-2', 5, 1],
    ['ç is not (only Ç is)', 'ç', 'UCS-2', 1, 1],
    ['the typographic apostrophe is not', 'l’école', 'UCS-2', 7, 1],
    ['the en dash of the exercise marking is not', 'EXERCICE – EXERCICE', 'UCS-2', 19, 1],
    ['70 UCS-2 characters fit one SMS', 'ê'.repeat(70), 'UCS-2', 70, 1],
    ['71 take two parts of 67', 'ê'.repeat(71), 'UCS-2', 71, 2],
    ['€ is in the extension table: two units', '€', 'GSM-7', 2, 1],
    ['^ too: 80 of them fill one SMS', '^'.repeat(80), 'GSM-7', 160, 1],
    ['81 carets need two parts', '^'.repeat(81), 'GSM-7', 162, 2],
    ['an emoji is two UTF-16 units', '😀', 'UCS-2', 2, 1],
    ['35 emoji fit one SMS', '😀'.repeat(35), 'UCS-2', 70, 1],
    // An escape pair is never split: the € moves to the second part, which then overflows into a third.
    ['a € at a part boundary', 'a'.repeat(152) + '€' + 'a'.repeat(152), 'GSM-7', 306, 3],
    // Same for a surrogate pair in UCS-2.
    ['an emoji at a part boundary', 'ê'.repeat(66) + '😀' + 'ê'.repeat(66), 'UCS-2', 134, 3],
  ])('%s', (_label, text, encoding, units, segments) => {
    expect(smsSegments(text)).toMatchObject({ encoding, units, segments });
  });

  it('reports the per-part capacity that applies', () => {
    expect(smsSegments('a').perSegment).toBe(160);
    expect(smsSegments('a'.repeat(200)).perSegment).toBe(153);
    expect(smsSegments('ê').perSegment).toBe(70);
    expect(smsSegments('ê'.repeat(100)).perSegment).toBe(67);
  });

  it.each([
    ['Préfecture : crue de la Moselle', true],
    ['Feu de forêt', false],
    ['Prix : 5 €', true],
  ])('isGsm7(%j) is %s', (text, expected) => {
    expect(isGsm7(text)).toBe(expected);
  });
});
