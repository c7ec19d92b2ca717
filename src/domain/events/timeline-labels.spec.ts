import { minutesSince, timelineLabel } from './timeline-labels';

describe('timeline labels', () => {
  it.each([
    ['event.cod_activated', {}, 'Activation du COD décidée'],
    ['clock.warning', { key: 'C2-public', leadMinutes: 15 }, 'Alerte d’échéance C2-public : 15 min restantes'],
    ['clock.missed', { key: 'C4' }, 'Échéance dépassée C4'],
    ['something.new', {}, 'something.new'],
  ])('%s → %s', (action, payload, label) => {
    expect(timelineLabel(action, payload)).toBe(label);
  });

  it.each([
    [null, '2026-11-28T02:10:00Z', null],
    ['2026-11-28T02:10:00Z', '2026-11-28T02:10:00Z', 0],
    ['2026-11-28T02:10:00Z', '2026-11-28T03:09:59Z', 60],
    ['2026-11-28T02:10:00Z', '2026-11-28T02:25:30Z', 15.5],
    ['2026-11-28T02:10:00Z', '2026-11-28T02:05:00Z', -5],
  ])('T+ from %s to %s is %s', (start, at, expected) => {
    expect(minutesSince(start ? new Date(start) : null, new Date(at))).toBe(expected);
  });
});
