import { BackgroundLoops } from '../scheduler/background-loops.service';

/**
 * The in-memory half of a durable timer table (the shape of EventTimersService):
 * one timeout per unfired row, re-armed at boot, a sweep for rows written by
 * another instance or too far ahead (a loop on every instance: it arms this
 * process's timeouts; the rows decide who fires). The row decides: `fire(id)` must claim it
 * with a conditional UPDATE and return false when it was not this process's to fire.
 */
export class DurableTimers {
  private offsetMs = 0;
  private stopped = false;
  /** The firing in progress, which the next one waits for. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly name: string,
    /** The unfired, armed rows due within this many seconds (all when null), from the row's store. */
    private readonly due: (aheadSeconds: number | null) => Promise<{ id: string; fireAt: Date }[]>,
    /** The database clock: timeouts are set against it, not this process's. */
    private readonly databaseNow: () => Promise<Date>,
    private readonly loops: BackgroundLoops,
    private readonly fire: (id: string) => Promise<boolean>,
  ) {}

  async start(sweepSeconds: number): Promise<void> {
    await this.rearm(null);
    this.loops.register({ name: `${this.name}-sweep`, periodMs: sweepSeconds * 1000, tick: () => this.rearm(sweepSeconds * 2).then(() => undefined) });
  }

  stop(): void {
    this.stopped = true;
    this.loops.clearTimeouts(`${this.name}:`);
  }

  /** Arms the rows due within `aheadSeconds` (all when null); `due` gives them by due time, the order they fire in. */
  async rearm(aheadSeconds: number | null): Promise<number> {
    if (this.stopped) return 0;
    await this.syncClock();
    const rows = await this.due(aheadSeconds);
    this.arm(rows);
    return rows.length;
  }

  /** Arms (or re-arms at a new time) one timeout per row. */
  arm(timers: { id: string; fireAt: Date | null }[]): void {
    if (this.stopped) return;
    const now = Date.now() + this.offsetMs;
    for (const t of timers) {
      const key = `${this.name}:${t.id}`;
      this.loops.clearTimeout(key);
      if (!t.fireAt) continue;
      this.loops.setTimeout(key, t.fireAt.getTime() - now, () => this.fireOrWait(t.id));
    }
  }

  disarm(ids: string[]): void {
    for (const id of ids) this.loops.clearTimeout(`${this.name}:${id}`);
  }

  /**
   * One firing at a time, in the order the timeouts came due. Rows overdue at boot all come due at once: fired
   * side by side, their transactions committed in any order (an exercise's fourth inject before its third).
   */
  private fireOrWait(id: string): Promise<void> {
    const mine = this.turn.then(() => this.fireNow(id));
    this.turn = mine.catch(() => undefined);
    return mine;
  }

  /** Not fired (this clock ran ahead of the database's, or another instance fired it): the sweep or a re-arm decides. */
  private async fireNow(id: string): Promise<void> {
    if (this.stopped) return;
    const fired = await this.fire(id);
    if (!fired && !this.stopped) await this.rearm(1);
  }

  private async syncClock(): Promise<void> {
    const before = Date.now();
    const dbNow = await this.databaseNow();
    this.offsetMs = dbNow.getTime() - (before + Date.now()) / 2;
  }
}
