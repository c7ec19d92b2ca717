/**
 * Times shown to people: the prefecture works in Europe/Paris, whatever the
 * server's own time zone is. Instants are always `Date` (UTC inside); only the
 * display changes. Arithmetic on instants (durations, due times) never goes
 * through wall-clock time, so a daylight-saving night cannot shift a deadline.
 */

export const PARIS_TIME_ZONE = 'Europe/Paris';

const MS_PER_MINUTE = 60_000;

// formatToParts rather than format(): the separators of a locale's output change
// between ICU versions, while the parts do not.
const parisParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: PARIS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  // h23 rather than hour12: false, which renders the hour after midnight as "24" in some locales.
  hourCycle: 'h23',
});

type WallClock = { year: string; month: string; day: string; hour: string; minute: string; second: string };

function assertValid(date: Date, name: string): void {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new RangeError(`${name} is not a valid date`);
  }
}

function wallClock(date: Date): WallClock {
  assertValid(date, 'date');
  const out: Record<string, string> = {};
  for (const p of parisParts.formatToParts(date)) out[p.type] = p.value;
  return out as WallClock;
}

/** `28/11/2026 16:03`: the date and time a French reader expects, 24-hour, Paris time. */
export function formatParis(date: Date): string {
  const w = wallClock(date);
  return `${w.day}/${w.month}/${w.year} ${w.hour}:${w.minute}`;
}

/** `16:03`: for messages where the day is obvious (see `formatParisMoment`). */
export function formatParisTime(date: Date): string {
  const w = wallClock(date);
  return `${w.hour}:${w.minute}`;
}

/** `2026-11-28`: the Paris calendar day, to tell "today" from another day. */
export function parisDay(date: Date): string {
  const w = wallClock(date);
  return `${w.year}-${w.month}-${w.day}`;
}

/**
 * `at 02:10` when `date` falls on the same Paris day as `now`, otherwise
 * `on 27/11/2026 at 02:10`: a bare hour in an error message is misleading once
 * the event has lasted past midnight.
 */
export function formatParisMoment(date: Date, now: Date): string {
  return parisDay(date) === parisDay(now) ? `at ${formatParisTime(date)}` : `on ${formatParis(date).replace(' ', ' at ')}`;
}

/** Offset of Paris from UTC at that instant, in minutes: 60 in winter, 120 in summer. */
export function parisOffsetMinutes(date: Date): number {
  const w = wallClock(date);
  const wallAsUtc = Date.UTC(+w.year, +w.month - 1, +w.day, +w.hour, +w.minute, +w.second);
  // The wall clock drops the milliseconds; rounding to whole minutes absorbs them.
  return Math.round((wallAsUtc - date.getTime()) / MS_PER_MINUTE);
}

/**
 * `2026-03-29T03:05:00+02:00`: ISO-8601 with the Paris offset, for exports,
 * feeds and CAP alerts, where a reader must see both the local time and the
 * instant. Seconds precision, no fraction (CAP 1.2 dateTime has none);
 * milliseconds are truncated so a fact is never shown later than it happened.
 */
export function formatParisIso(date: Date): string {
  const w = wallClock(date);
  const offset = parisOffsetMinutes(date);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${w.year}-${w.month}-${w.day}T${w.hour}:${w.minute}:${w.second}${sign}${hh}:${mm}`;
}

/**
 * Real minutes from `a` to `b` (negative when `b` is before `a`), unrounded.
 * Real, not wall-clock: on the night of 2026-03-29 01:30 to 03:30 Paris time
 * is 60 minutes, not 120.
 */
export function minutesBetween(a: Date, b: Date): number {
  assertValid(a, 'a');
  assertValid(b, 'b');
  return (b.getTime() - a.getTime()) / MS_PER_MINUTE;
}

/** `date` plus `minutes` real minutes. */
export function addMinutes(date: Date, minutes: number): Date {
  assertValid(date, 'date');
  return new Date(date.getTime() + minutes * MS_PER_MINUTE);
}
