import { formatParis, parisDay } from '../time/paris-time';

/**
 * The debrief (RETEX, retour d'expérience) of an event, real or exercise: a hot
 * one (à chaud, at closure: what happened, first findings) and a cold one (à
 * froid, weeks later: analysis and an action plan followed until done). At most
 * one of each per event.
 */
export const DEBRIEF_PHASES = ['hot', 'cold'] as const;
export type DebriefPhase = (typeof DEBRIEF_PHASES)[number];

export const DEBRIEF_PHASE_LABELS_FR: Readonly<Record<DebriefPhase, string>> = { hot: 'RETEX à chaud', cold: 'RETEX à froid' };

export const isDebriefPhase = (v: unknown): v is DebriefPhase => typeof v === 'string' && (DEBRIEF_PHASES as readonly string[]).includes(v);

export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const ACTION_STATUS_LABELS_FR: Readonly<Record<ActionStatus, string>> = {
  open: 'à faire',
  in_progress: 'en cours',
  done: 'réalisée',
  cancelled: 'abandonnée',
};

export type Refusal = { ok: false; code: string; message: string };
export type Check = { ok: true } | Refusal;
const OK: { ok: true } = { ok: true };

/** `2026-12-31`: a real calendar day (not 2026-02-30), between 2000 and 2100. */
export function checkCalendarDate(value: string, field = 'dueDate'): Check {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const bad: Refusal = { ok: false, code: 'bad_date', message: `${field} must be a calendar date written YYYY-MM-DD, such as 2027-01-15 (got "${value}").` };
  if (!m) return bad;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return { ok: false, code: 'bad_date', message: `${field}: ${value} is not a day of the calendar.` };
  }
  if (y < 2000 || y > 2100) return { ok: false, code: 'bad_date', message: `${field}: ${value} is outside the years 2000 to 2100.` };
  return OK;
}

/**
 * An action is overdue when its due day is before today in Paris and it is
 * still to do: an action due on 31 December is late from 1 January 00:00 Paris
 * time, whatever the server's time zone. Done and cancelled actions never are.
 */
export function isOverdue(action: { dueDate: string; status: ActionStatus }, now: Date): boolean {
  if (action.status !== 'open' && action.status !== 'in_progress') return false;
  return action.dueDate < parisDay(now);
}

/**
 * The life of an action: open ⇄ in progress → done or cancelled. A done action
 * may be reopened (in progress: it was not really done), a cancelled one too
 * (open again). A done action is not cancelled and a cancelled one is not
 * completed without reopening it first: the record keeps each step.
 */
const TRANSITIONS: Readonly<Record<ActionStatus, readonly ActionStatus[]>> = {
  open: ['in_progress', 'done', 'cancelled'],
  in_progress: ['open', 'done', 'cancelled'],
  done: ['in_progress'],
  cancelled: ['open'],
};

export function checkTransition(from: ActionStatus, to: ActionStatus): Check {
  if (from === to) return { ok: false, code: 'status_unchanged', message: `The action is already ${ACTION_STATUS_LABELS_FR[from]} (${from}).` };
  if (TRANSITIONS[from].includes(to)) return OK;
  const allowed = TRANSITIONS[from].join(' or ');
  return { ok: false, code: 'bad_status_transition', message: `An action that is ${from} cannot become ${to}: it can only become ${allowed}.` };
}

/** Owner, title and due date are changed while the action is still to do; reopen it first otherwise. */
export function checkEditable(status: ActionStatus): Check {
  if (status === 'open' || status === 'in_progress') return OK;
  return { ok: false, code: 'action_closed', message: `The action is ${status}: reopen it (status open or in_progress) before changing its title, owner or due date.` };
}

/**
 * When a debrief was held. Never in the future (beyond a small tolerance for
 * clocks), never before the minute the event was opened, and the cold one never before the
 * hot one: whichever is written second is checked against the other.
 */
export function checkHeldAt(input: { phase: DebriefPhase; heldAt: Date; now: Date; eventCreatedAt: Date; otherHeldAt: Date | null }, futureToleranceSeconds = 300): Check {
  const { phase, heldAt, now, eventCreatedAt, otherHeldAt } = input;
  if (heldAt.getTime() > now.getTime() + futureToleranceSeconds * 1000) {
    return { ok: false, code: 'held_in_future', message: `heldAt is in the future (${formatParis(heldAt)} Paris time): record a debrief once it has been held.` };
  }
  // People write the time of a meeting to the minute: the minute the event was opened counts as after it.
  const openedMinute = eventCreatedAt.getTime() - (((eventCreatedAt.getTime() % 60_000) + 60_000) % 60_000);
  if (heldAt.getTime() < openedMinute) {
    return { ok: false, code: 'held_before_event', message: `heldAt (${formatParis(heldAt)}) is before the event was opened (${formatParis(eventCreatedAt)} Paris time).` };
  }
  if (otherHeldAt && phase === 'cold' && heldAt < otherHeldAt) {
    return { ok: false, code: 'cold_before_hot', message: `The cold debrief (${formatParis(heldAt)}) cannot be held before the hot one (${formatParis(otherHeldAt)} Paris time).` };
  }
  if (otherHeldAt && phase === 'hot' && heldAt > otherHeldAt) {
    return { ok: false, code: 'cold_before_hot', message: `The hot debrief (${formatParis(heldAt)}) cannot be held after the cold one (${formatParis(otherHeldAt)} Paris time).` };
  }
  return OK;
}

/** A debrief says something: at least one strength, area for improvement or finding. */
export function checkContent(c: { wentWell: string[]; toImprove: string[]; findings: unknown[] }): Check {
  if (c.wentWell.length + c.toImprove.length + c.findings.length === 0) {
    return { ok: false, code: 'empty_debrief', message: 'A debrief needs at least one item in wentWell, toImprove or findings.' };
  }
  return OK;
}

/** Whether a debrief was held while its event was still open (a hot debrief may be, and the view says so). */
export function heldWhileOpen(heldAt: Date, eventClosedAt: Date | null): boolean {
  return !eventClosedAt || heldAt < eventClosedAt;
}
