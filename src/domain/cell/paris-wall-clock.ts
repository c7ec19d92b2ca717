import { formatParisIso, parisOffsetMinutes } from '../time/paris-time';

/**
 * Rosters are written in Paris wall-clock time ("handover every Monday at
 * 09:00"), while everything else is an instant. These two functions cross that
 * line. A wall-clock value is held as "naive" milliseconds: the UTC timestamp
 * that would have the same digits, which makes day and hour arithmetic on the
 * wall clock plain addition.
 */

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** `2026-03-23T09:00` → naive ms, or null when it is not a real calendar date and time. */
export function parseParisLocal(value: string): number | null {
  const m = LOCAL.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  const back = new Date(naive);
  // Date.UTC rolls 2026-02-30 over to March; a roster must say what it means.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59) return null;
  return naive;
}

/** The Paris wall clock of an instant, as naive ms (seconds kept, milliseconds kept). */
export function parisNaive(at: Date): number {
  const iso = formatParisIso(at); // 2026-03-29T03:05:00+02:00
  const naive = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10), +iso.slice(11, 13), +iso.slice(14, 16), +iso.slice(17, 19));
  return naive + (((at.getTime() % 1000) + 1000) % 1000);
}

/**
 * The instant at which Paris clocks show `naive`. Where the wall clock skips
 * an hour (last Sunday of March, 02:00→03:00) a time inside the gap is moved
 * forward by the gap (02:30 → 03:30 summer time); where it repeats an hour
 * (last Sunday of October) the first pass is taken. This is what calendars do
 * (RFC 5545, Temporal's "compatible"), so people reading the roster agree.
 */
export function parisInstant(naive: number): Date {
  const candidates: number[] = [];
  for (const offset of [120, 60]) {
    const t = naive - offset * MS_PER_MINUTE;
    if (parisOffsetMinutes(new Date(t)) === offset) candidates.push(t);
  }
  if (candidates.length) return new Date(Math.min(...candidates));
  const before = parisOffsetMinutes(new Date(naive - MS_PER_DAY));
  return new Date(naive - before * MS_PER_MINUTE);
}
