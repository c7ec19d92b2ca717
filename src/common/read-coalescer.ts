/**
 * Concurrent identical reads share one query. Fifty consoles polling the same
 * event during a dispatch asked the database the same count fifty times over,
 * queued behind each other in the pool (and, on the embedded database, in its
 * single session, ahead of the worker's own statements).
 *
 * By default only a read still in flight is shared, never a finished one: a
 * read that arrives while another is running waits for that one's answer, so
 * what it gets is at most as old as the query's start. A change to the key
 * after that start (`invalidate`, called once the change has committed, before
 * anyone is told of it) makes the next read start a query of its own: whoever
 * made or saw a change never reads what was there before it.
 *
 * `keepFor` also keeps a finished answer, for the span it gives that answer
 * (0: not kept), measured on the monotonic clock, never on this machine's wall
 * clock. An invalidation forgets what is kept, and an answer whose query
 * started before an invalidation is not kept.
 */
export class ReadCoalescer<T> {
  private readonly inFlight = new Map<string, Promise<T>>();
  private readonly kept = new Map<string, { value: T; until: number }>();
  /** Counts invalidations: a query started in an earlier generation keeps nothing. */
  private generation = 0;

  constructor(
    private readonly keepFor?: (answer: T) => number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  read(key: string, query: () => Promise<T>): Promise<T> {
    const kept = this.kept.get(key);
    if (kept) {
      if (this.now() < kept.until) return Promise.resolve(kept.value);
      this.kept.delete(key);
    }
    const running = this.inFlight.get(key);
    if (running) return running;
    const generation = this.generation;
    const started = query()
      .then((answer) => {
        const span = this.keepFor?.(answer) ?? 0;
        if (generation === this.generation && span > 0) this.kept.set(key, { value: answer, until: this.now() + span });
        return answer;
      })
      .finally(() => {
        if (this.inFlight.get(key) === started) this.inFlight.delete(key);
      });
    this.inFlight.set(key, started);
    return started;
  }

  /** The key changed: reads from now on do not share a query started before, nor an answer kept. */
  invalidate(key: string): void {
    this.generation++;
    this.inFlight.delete(key);
    this.kept.delete(key);
  }

  /** A change that may touch any key (a user's role, a session ended): no read from now on shares a query started before, nor an answer kept. */
  invalidateAll(): void {
    this.generation++;
    this.inFlight.clear();
    this.kept.clear();
  }
}
