import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { databaseNow } from '../../database/db-clock';

// setTimeout cannot wait longer (≈ 24.8 days); the sweep re-arms what is further away.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * The in-memory half of a durable timer table (the shape of EventTimersService):
 * one timeout per unfired row, re-armed at boot, a sweep for rows written by
 * another instance or too far ahead. The row decides: `fire(id)` must claim it
 * with a conditional UPDATE and return false when it was not this process's to fire.
 */
export class DurableTimers {
  private readonly logger: Logger;
  private offsetMs = 0;
  private stopped = false;

  constructor(
    private readonly name: string,
    /** SELECT id, fire_at of the unfired, armed rows; `$1` = seconds ahead (null = all). */
    private readonly dueSql: string,
    private readonly dataSource: DataSource,
    private readonly registry: SchedulerRegistry,
    private readonly fire: (id: string) => Promise<boolean>,
  ) {
    this.logger = new Logger(`DurableTimers:${name}`);
  }

  async start(sweepSeconds: number): Promise<void> {
    await this.rearm(null);
    const sweep = setInterval(() => void this.rearm(sweepSeconds * 2).catch((e) => this.logger.error({ err: e }, 'sweep failed')), sweepSeconds * 1000);
    sweep.unref();
    this.registry.addInterval(`${this.name}-sweep`, sweep);
  }

  stop(): void {
    this.stopped = true;
    for (const n of this.registry.getTimeouts()) if (n.startsWith(`${this.name}:`)) this.registry.deleteTimeout(n);
  }

  /** Arms the rows due within `aheadSeconds` (all when null). */
  async rearm(aheadSeconds: number | null): Promise<number> {
    if (this.stopped) return 0;
    await this.syncClock();
    const rows: { id: string; fire_at: Date }[] = await this.dataSource.query(this.dueSql, [aheadSeconds]);
    this.arm(rows.map((r) => ({ id: r.id, fireAt: new Date(r.fire_at) })));
    return rows.length;
  }

  /** Arms (or re-arms at a new time) one timeout per row. */
  arm(timers: { id: string; fireAt: Date | null }[]): void {
    if (this.stopped) return;
    const now = Date.now() + this.offsetMs;
    for (const t of timers) {
      const key = `${this.name}:${t.id}`;
      if (this.registry.doesExist('timeout', key)) this.registry.deleteTimeout(key);
      if (!t.fireAt) continue;
      const delay = Math.min(MAX_TIMEOUT_MS, Math.max(0, t.fireAt.getTime() - now));
      const handle = setTimeout(() => {
        if (this.registry.doesExist('timeout', key)) this.registry.deleteTimeout(key);
        void this.fireOrWait(t.id).catch((e) => this.logger.error({ err: e, timerId: t.id }, 'timer firing failed'));
      }, delay);
      this.registry.addTimeout(key, handle);
    }
  }

  disarm(ids: string[]): void {
    for (const id of ids) {
      const key = `${this.name}:${id}`;
      if (this.registry.doesExist('timeout', key)) this.registry.deleteTimeout(key);
    }
  }

  /** Not fired (this clock ran ahead of the database's, or another instance fired it): the sweep or a re-arm decides. */
  private async fireOrWait(id: string): Promise<void> {
    if (this.stopped) return;
    const fired = await this.fire(id);
    if (!fired && !this.stopped) await this.rearm(1);
  }

  private async syncClock(): Promise<void> {
    const before = Date.now();
    const dbNow = await databaseNow(this.dataSource.manager);
    this.offsetMs = dbNow.getTime() - (before + Date.now()) / 2;
  }
}
