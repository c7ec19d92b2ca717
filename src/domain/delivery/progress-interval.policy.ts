/** At most one count of a sender's deliveries (a message or an inject) for the console's bars in this window. */
export const PROGRESS_INTERVAL_MS = 250;

/**
 * A count that takes long (a national alert's 70,000 rows, being rewritten as they are sent) waits this many times its
 * own duration before the next: the bars never take more than about a twentieth of the database's time. Capped, so that
 * they still move every few seconds when the database is slow.
 */
const COUNT_COST_FACTOR = 20;
export const MAX_PROGRESS_INTERVAL_MS = 3000;

/** How long after the start of a count that took `countMs` the next one may start. */
export function progressInterval(countMs: number): number {
  return Math.min(MAX_PROGRESS_INTERVAL_MS, Math.max(PROGRESS_INTERVAL_MS, COUNT_COST_FACTOR * countMs));
}
