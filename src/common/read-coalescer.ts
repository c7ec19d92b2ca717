/**
 * Concurrent identical reads share one query. Fifty consoles polling the same
 * event during a dispatch asked the database the same count fifty times over,
 * queued behind each other in the pool (and, on the embedded database, in its
 * single session, ahead of the worker's own statements).
 *
 * Only a read still in flight is shared, never a finished one: a read that
 * arrives while another is running waits for that one's answer, so what it
 * gets is at most as old as the query's start. A change to the key after that
 * start (`invalidate`, called once the change has committed, before anyone is
 * told of it) makes the next read start a query of its own: whoever made or
 * saw a change never reads what was there before it.
 */
export class ReadCoalescer<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  read(key: string, query: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const started = query().finally(() => {
      if (this.inFlight.get(key) === started) this.inFlight.delete(key);
    });
    this.inFlight.set(key, started);
    return started;
  }

  /** The key changed: reads from now on do not share a query started before. */
  invalidate(key: string): void {
    this.inFlight.delete(key);
  }

  /** A change that may touch any key (a user's role, a session ended): no read from now on shares a query started before. */
  invalidateAll(): void {
    this.inFlight.clear();
  }
}
