import { parisDay, parisOffsetMinutes } from './paris-time';

/**
 * The calendar year in Paris: what the exercise programme, the annual report
 * and the debrief actions count by. 31 December 23:30 in Paris is still that
 * year; one parser for a `year` in an address.
 */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** The Paris-time year of an instant. */
export function parisYear(at: Date): number {
  return Number(parisDay(at).slice(0, 4));
}

/** [1 January 00:00 Paris, next 1 January 00:00 Paris) as instants. */
export function parisYearBounds(year: number): { from: Date; to: Date } {
  const midnight = (y: number) => {
    const guess = new Date(Date.UTC(y, 0, 1));
    return new Date(guess.getTime() - parisOffsetMinutes(guess) * 60_000);
  };
  return { from: midnight(year), to: midnight(year + 1) };
}

export type YearCheck = { ok: true; year: number } | { ok: false; message: string };

export function parseYear(raw: unknown): YearCheck {
  if (typeof raw !== 'string' || !/^\d{4}$/.test(raw)) return { ok: false, message: `The year must be four digits, e.g. year=2026 (got ${raw === undefined ? 'nothing' : JSON.stringify(raw)}).` };
  const year = Number(raw);
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, message: `The year must be between ${MIN_YEAR} and ${MAX_YEAR} (got ${year}).` };
  return { ok: true, year };
}
