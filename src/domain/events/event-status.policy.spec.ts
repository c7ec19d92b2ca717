import { EVENT_ACTIONS, EventAction, EventStatusSnapshot, checkEventAction, nextEventStatus } from './event-status.policy';

// 05:00 Paris time on 28/11/2026.
const now = new Date('2026-11-28T04:00:00Z');
const t0210 = new Date('2026-11-28T01:10:00Z');
const yesterday2210 = new Date('2026-11-27T21:10:00Z');

const open: EventStatusSnapshot = { status: 'open' };
const codActive: EventStatusSnapshot = { status: 'cod_active', codDecidedAt: t0210 };
const closed: EventStatusSnapshot = { status: 'closed', codDecidedAt: t0210 };

describe('checkEventAction: what is allowed', () => {
  it.each<[string, EventStatusSnapshot, EventAction]>([
    ['activate the COD of an open event', open, 'activate_cod'],
    ['close an open event (no COD was needed)', open, 'close'],
    ['close an event whose COD is active', codActive, 'close'],
    ['page the cell before the COD', open, 'call_cell'],
    ['page the cell again', { ...codActive, cellCalledAt: t0210 }, 'call_cell'],
    ['declare the called cell operational', { ...codActive, cellCalledAt: t0210 }, 'declare_cell_operational'],
    ['record a manual fact', codActive, 'record_fact'],
    ['send a message', codActive, 'send_message'],
    ['edit the title or communes', open, 'update_details'],
    ['record the CIP order while the COD is active', codActive, 'cip_order'],
    ['record the CIP order before the COD (C4 has its own clock)', open, 'cip_order'],
    ['declare the ordered CIP open', { ...codActive, cipOrderedAt: t0210 }, 'cip_opened'],
  ])('%s', (_why, event, action) => {
    expect(checkEventAction(event, action, now)).toEqual({ allowed: true });
  });
});

describe('checkEventAction: what is refused, and why', () => {
  it.each(EVENT_ACTIONS.map((a) => [a]))('refuses %s on a closed event', (action) => {
    expect(checkEventAction(closed, action, now)).toEqual({
      allowed: false,
      code: 'event_closed',
      message: 'The event is closed: it can no longer be changed.',
    });
  });

  it.each<[string, EventStatusSnapshot, EventAction, string, string]>([
    ['a second COD activation, same day', codActive, 'activate_cod', 'cod_already_active', 'The COD was already activated at 02:10 (Paris time).'],
    [
      'a second COD activation, the day after',
      { status: 'cod_active', codDecidedAt: yesterday2210 },
      'activate_cod',
      'cod_already_active',
      'The COD was already activated on 27/11/2026 at 22:10 (Paris time).',
    ],
    ['a COD time recorded on an event still marked open', { status: 'open', codDecidedAt: t0210 }, 'activate_cod', 'cod_already_active', 'The COD was already activated at 02:10 (Paris time).'],
    ['a second CIP order', { ...codActive, cipOrderedAt: t0210 }, 'cip_order', 'cip_already_ordered', 'The CIP order was already recorded at 02:10 (Paris time).'],
    ['a CIP opening without an order', codActive, 'cip_opened', 'cip_not_ordered', "The CIP cannot be declared open before the prefect's order is recorded."],
    ['a second CIP opening', { ...codActive, cipOrderedAt: t0210, cipOpenedAt: t0210 }, 'cip_opened', 'cip_already_open', 'The CIP was already declared open at 02:10 (Paris time).'],
    ['a cell operational before it was called', codActive, 'declare_cell_operational', 'cell_not_called', 'The cell cannot be declared operational before it has been called.'],
    [
      'a cell declared operational twice',
      { ...codActive, cellCalledAt: t0210, cellOperationalAt: t0210 },
      'declare_cell_operational',
      'cell_already_operational',
      'The cell was already declared operational at 02:10 (Paris time).',
    ],
  ])('%s', (_why, event, action, code, message) => {
    const result = checkEventAction(event, action, now);
    expect(result).toMatchObject({ allowed: false, code });
    if (result.allowed) throw new Error('expected a refusal');
    expect(result.message.startsWith(message)).toBe(true);
  });
});

describe('nextEventStatus', () => {
  it.each<[EventStatusSnapshot['status'], EventAction, EventStatusSnapshot['status']]>([
    ['open', 'activate_cod', 'cod_active'],
    ['open', 'close', 'closed'],
    ['cod_active', 'close', 'closed'],
    ['cod_active', 'send_message', 'cod_active'],
    ['open', 'cip_order', 'open'],
  ])('%s + %s = %s', (status, action, expected) => {
    expect(nextEventStatus(status, action)).toBe(expected);
  });
});
