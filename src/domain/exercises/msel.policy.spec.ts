import { EXERCISE_MARKING } from '../messages/exercise-marking';
import { injectFireAt, injectMessage, mselOrder, resolveInjectRecipients } from './msel.policy';

const players = [
  { id: '1', name: 'Claire Dupont', role: 'communication', email: 'claire@example.org', phone: null },
  { id: '2', name: 'Luc Marchal', role: 'communication', email: null, phone: '+33612345678' },
  { id: '3', name: 'Inès Roy', role: 'cabinet', email: 'ines@example.org', phone: null },
];

describe('the MSEL', () => {
  it.each([
    [0, 0, '2026-12-03T10:00:00.000Z'],
    [15, 0, '2026-12-03T10:15:00.000Z'],
    [15, 5 * 60_000, '2026-12-03T10:20:00.000Z'],
    [0.05, 0, '2026-12-03T10:00:03.000Z'],
  ])('an inject at T+%d min with %d ms of pause fires at %s', (offset, paused, expected) => {
    expect(injectFireAt(new Date('2026-12-03T10:00:00Z'), offset, paused).toISOString()).toBe(expected);
  });

  it.each([
    ['Claire Dupont', ['1']],
    ['claire dupont', ['1']],
    ['communication', ['1', '2']],
    ['Cabinet', ['3']],
    ['préfet', null],
  ])('the recipient %s is %j', (recipient, ids) => {
    const r = resolveInjectRecipients(recipient, players);
    expect(r === null ? null : r.map((p) => p.id)).toEqual(ids);
  });

  it('marks every text sent to a player as an exercise', () => {
    for (const means of ['email', 'sms'] as const) {
      const m = injectMessage({ exerciseTitle: 'Crue de la Moselle', order: 2, scenario: 'la Moselle déborde à Épinal', means });
      expect(m.text).toContain(EXERCISE_MARKING);
      expect(m.subject).toContain(EXERCISE_MARKING);
      expect(m.text).toContain('la Moselle déborde à Épinal');
    }
  });

  it('orders injects by offset, then by the order they were written', () => {
    const sorted = mselOrder([
      { offsetMinutes: 10, position: 1 },
      { offsetMinutes: 5, position: 3 },
      { offsetMinutes: 5, position: 2 },
    ]);
    expect(sorted.map((i) => i.position)).toEqual([2, 3, 1]);
  });
});
