import { clockDisplay, ClockInput, clocksSummary, minutesSeconds } from '../../web/console/clock-format.js';

const DUE = '2026-11-28T03:10:00.000Z';
const due = Date.parse(DUE);
const pending: ClockInput = { status: 'pending', dueAt: DUE };
const s = 1000;
const min = 60 * s;

describe('the countdown of a commitment clock in the console', () => {
  it.each([
    [0, '00:00'],
    [1, '00:01'],
    [999, '00:01'],
    [59 * s, '00:59'],
    [60 * s, '01:00'],
    [54 * min + 12 * s, '54:12'],
    [62 * min + 5 * s, '62:05'],
    [-5 * s, '00:00'],
  ])('writes %i ms as %s (seconds rounded up: it reads 00:00 only at the due time)', (ms, text) => {
    expect(minutesSeconds(ms)).toBe(text);
  });

  it.each<[string, ClockInput, number, string, string]>([
    ['not started', { status: 'not_started' }, due, 'not_started', 'Non démarré'],
    ['far from due', pending, due - 40 * min, 'pending', '40:00'],
    ['just before the largest lead', pending, due - 15 * min - 1 * s, 'pending', '15:01'],
    ['at the largest lead', pending, due - 15 * min, 'warning', '15:00'],
    ['between the leads', pending, due - 6 * min, 'warning', '06:00'],
    ['at the smallest lead', pending, due - 5 * min, 'urgent', '05:00'],
    ['one second left', pending, due - 1 * s, 'urgent', '00:01'],
    ['past due, before the server says so', pending, due + 61 * s, 'missed', 'Dépassé de 01:01'],
    ['missed by the server', { status: 'missed', dueAt: DUE }, due + 10 * min, 'missed', 'Dépassé de 10:00'],
    ['met', { status: 'met', dueAt: DUE, metAt: '2026-11-28T02:47:00.000Z', metAtParis: '28/11/2026 03:47', elapsedMinutes: 37.5 }, due + 10 * min, 'met', 'Tenu à 03:47 (37,5 min)'],
    ['met late', { status: 'missed', dueAt: DUE, metAt: '2026-11-28T03:20:00.000Z', metAtParis: '28/11/2026 04:20', elapsedMinutes: 70 }, due + 20 * min, 'missed', 'Dépassé — fait à 04:20 (70 min)'],
  ])('%s', (_name, clock, now, phase, text) => {
    const d = clockDisplay(clock, now, [15, 5]);
    expect(d.phase).toBe(phase);
    expect(d.text).toBe(text);
  });

  it('says the time left in words for screen readers', () => {
    expect(clockDisplay(pending, due - (54 * min + 1 * s), [15, 5]).spokenText).toBe('54 minutes et 1 seconde restantes');
  });

  it('uses one colour step when a single warning lead is configured, none when there is none', () => {
    expect(clockDisplay(pending, due - 10 * min, [10]).phase).toBe('urgent');
    expect(clockDisplay(pending, due - 1 * min, []).phase).toBe('pending');
  });

  it.each<[string, ClockInput, number, string]>([
    ['not started: left out', { key: 'C1', status: 'not_started' }, due, ''],
    ['far from due, to the minute above', { ...pending, key: 'C2-public' }, due - (40 * min + 20 * s), 'C2 · Grand public : en cours, 41 minutes restantes'],
    ['at the largest lead', { ...pending, key: 'C2-media' }, due - 15 * min, 'C2 · Médias : alerte, 15 minutes restantes'],
    ['one second left', { ...pending, key: 'C4' }, due - 1 * s, 'C4 · CIP : urgent, 1 minute restante'],
    ['just past due', { ...pending, key: 'C4' }, due + 10 * s, 'C4 · CIP : dépassé de 1 minute'],
    ['past due by minutes', { status: 'missed', dueAt: DUE, key: 'C1' }, due + 10 * min + 30 * s, 'C1 · Cellule : dépassé de 10 minutes'],
    ['met: left out', { key: 'C2-elected', status: 'met', dueAt: DUE, metAt: '2026-11-28T02:47:00.000Z', metAtParis: '28/11/2026 03:47', elapsedMinutes: 37.5 }, due, ''],
    ['met late: left out', { key: 'C1', status: 'missed', dueAt: DUE, metAt: '2026-11-28T03:20:00.000Z', metAtParis: '28/11/2026 04:20', elapsedMinutes: 70 }, due + 20 * min, ''],
  ])('sums up a clock for screen readers to the minute: %s', (_name, clock, now, text) => {
    expect(clocksSummary([clock], now, [15, 5])).toBe(text);
  });

  it('sums up the clocks counting down in one sentence that only changes when a minute turns', () => {
    const clocks: ClockInput[] = [
      { ...pending, key: 'C1' },
      { key: 'C4', status: 'not_started' },
      { ...pending, key: 'C2-media', dueAt: new Date(due + 20 * min).toISOString() },
    ];
    const at = due - 30 * min;
    expect(clocksSummary(clocks, at - 59 * s, [15, 5])).toBe(clocksSummary(clocks, at - 1 * s, [15, 5]));
    expect(clocksSummary(clocks, at, [15, 5])).toBe('C1 · Cellule : en cours, 30 minutes restantes ; C2 · Médias : en cours, 50 minutes restantes');
  });
});
