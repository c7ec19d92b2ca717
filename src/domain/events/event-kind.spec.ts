import { EVENT_KINDS, EVENT_KIND_LABELS_FR, eventKindLabelFr, isEventKind, unknownEventKindMessage } from './event-kind';
import { EVENT_MODES, EVENT_MODE_LABELS_FR, isEventMode } from './event-mode';

describe('event kinds', () => {
  it('lists exactly the kinds of the issue, in order', () => {
    expect(EVENT_KINDS).toEqual(['forest_fire', 'flood', 'storm', 'industrial_accident', 'heat_wave', 'snow_ice', 'pollution', 'public_health', 'security', 'network_outage', 'other']);
  });

  it.each(EVENT_KINDS.map((k) => [k]))('%s has a distinct, non-empty French label', (kind) => {
    const label = eventKindLabelFr(kind);
    expect(label.trim()).not.toBe('');
    expect(label).not.toBe(kind);
    expect(Object.values(EVENT_KIND_LABELS_FR).filter((l) => l === label)).toHaveLength(1);
  });

  it.each([
    ['forest_fire', true],
    ['other', true],
    ['Forest_fire', false],
    ['wildfire', false],
    ['', false],
    [null, false],
    [3, false],
    ['toString', false],
  ])('isEventKind(%j) is %s', (value, expected) => {
    expect(isEventKind(value)).toBe(expected);
  });

  it('names the bad value and every accepted kind', () => {
    const message = unknownEventKindMessage('wildfire');
    expect(message).toContain('"wildfire"');
    for (const k of EVENT_KINDS) expect(message).toContain(k);
  });
});

describe('event modes', () => {
  it.each([
    ['real', true],
    ['exercise', true],
    ['drill', false],
    [undefined, false],
  ])('isEventMode(%j) is %s', (value, expected) => {
    expect(isEventMode(value)).toBe(expected);
  });

  it('has a French label for each mode', () => {
    expect(EVENT_MODES.map((m) => EVENT_MODE_LABELS_FR[m])).toEqual(['Réel', 'Exercice']);
  });
});
