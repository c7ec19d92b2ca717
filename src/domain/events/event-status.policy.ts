import { formatParisMoment } from '../time/paris-time';

/**
 * The life of a major event: `open` (being watched) → `cod_active` (the
 * prefect activated the COD, the clocks run) → `closed` (over; from then on it
 * is evidence and never changes). An event may be closed without a COD.
 */
export const EVENT_STATUSES = ['open', 'cod_active', 'closed'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const EVENT_STATUS_LABELS_FR: Readonly<Record<EventStatus, string>> = {
  open: 'Ouvert',
  cod_active: 'COD activé',
  closed: 'Clos',
};

export const EVENT_ACTIONS = [
  'update_details', // title, communes, SYNERGI reference
  'activate_cod',
  'call_cell',
  'declare_cell_operational',
  'record_fact',
  'send_message',
  'cip_order',
  'cip_opened',
  'close',
] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

/** What the policy needs to know about an event; the facts already recorded, if any. */
export type EventStatusSnapshot = {
  status: EventStatus;
  codDecidedAt?: Date | null;
  cellCalledAt?: Date | null;
  cellOperationalAt?: Date | null;
  cipOrderedAt?: Date | null;
  cipOpenedAt?: Date | null;
};

export type EventActionRefusalCode = 'event_closed' | 'cod_already_active' | 'cell_already_operational' | 'cell_not_called' | 'cip_already_ordered' | 'cip_not_ordered' | 'cip_already_open';

/** Every refusal is a conflict with the event's state (HTTP 409), never a bad request. */
export type EventActionCheck = { allowed: true } | { allowed: false; code: EventActionRefusalCode; message: string };

const ALLOWED: { allowed: true } = { allowed: true };

/**
 * May `action` be done now on this event? `now` only shapes the message
 * ("at 02:10" today, "on 27/11/2026 at 02:10" another day).
 */
export function checkEventAction(event: EventStatusSnapshot, action: EventAction, now: Date): EventActionCheck {
  if (event.status === 'closed') {
    return { allowed: false, code: 'event_closed', message: 'The event is closed: it can no longer be changed.' };
  }
  const when = (d: Date | null | undefined) => (d ? ` ${formatParisMoment(d, now)} (Paris time)` : '');

  switch (action) {
    case 'activate_cod':
      // A second activation would restart the C2 clocks and erase a missed deadline.
      if (event.status === 'cod_active' || event.codDecidedAt) {
        return { allowed: false, code: 'cod_already_active', message: `The COD was already activated${when(event.codDecidedAt)}.` };
      }
      return ALLOWED;
    case 'declare_cell_operational':
      if (!event.cellCalledAt) {
        return { allowed: false, code: 'cell_not_called', message: 'The cell cannot be declared operational before it has been called.' };
      }
      if (event.cellOperationalAt) {
        return {
          allowed: false,
          code: 'cell_already_operational',
          message: `The cell was already declared operational${when(event.cellOperationalAt)}.`,
        };
      }
      return ALLOWED;
    case 'cip_order':
      // Allowed before the COD too: the CIP follows the prefect's order, not the COD (C4 is its own clock).
      if (event.cipOrderedAt) {
        return { allowed: false, code: 'cip_already_ordered', message: `The CIP order was already recorded${when(event.cipOrderedAt)}.` };
      }
      return ALLOWED;
    case 'cip_opened':
      if (!event.cipOrderedAt) {
        return {
          allowed: false,
          code: 'cip_not_ordered',
          message: "The CIP cannot be declared open before the prefect's order is recorded. Record the CIP order first.",
        };
      }
      if (event.cipOpenedAt) {
        return { allowed: false, code: 'cip_already_open', message: `The CIP was already declared open${when(event.cipOpenedAt)}.` };
      }
      return ALLOWED;
    // Paging the cell again, a further fact, a further message: repeating them is normal during a crisis.
    case 'call_cell':
    case 'record_fact':
    case 'send_message':
    case 'update_details':
    case 'close':
      return ALLOWED;
  }
}

/** The status after an allowed action. */
export function nextEventStatus(status: EventStatus, action: EventAction): EventStatus {
  if (action === 'close') return 'closed';
  if (action === 'activate_cod') return 'cod_active';
  return status;
}
