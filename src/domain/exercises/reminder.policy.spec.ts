import { reminderMessage, reminderTimes } from './reminder.policy';

describe('exercise reminders', () => {
  const plannedAt = new Date('2026-12-20T09:00:00Z');
  it.each([
    ['both ahead', '2026-12-01T00:00:00Z', [10080, 1440]],
    ['only the day-before one left', '2026-12-15T00:00:00Z', [1440]],
    ['none left on the day', '2026-12-19T10:00:00Z', []],
  ])('%s', (_n, now, leads) => {
    expect(reminderTimes(plannedAt, [10080, 1440], new Date(now)).map((r) => r.leadMinutes)).toEqual(leads);
  });

  it('says when, in Paris time, in French', () => {
    const m = reminderMessage({ title: 'Crue de la Moselle', type: 'tabletop', plannedAt, leadMinutes: 1440, directorName: 'Anne Lefèvre', players: 3, injects: 5 });
    expect(m.subject).toBe('Rappel : exercice « Crue de la Moselle » demain (20/12/2026 10:00)');
    expect(m.text).toContain('exercice sur table');
  });
});
