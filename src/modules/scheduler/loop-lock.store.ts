import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DATABASE_HANDLE, DatabaseHandle } from '../../database/database-handle';

/** The advisory lock that lets one instance at a time run an exclusive loop's tick. */
@Injectable()
export class LoopLockStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DATABASE_HANDLE) private readonly db: DatabaseHandle,
  ) {}

  /**
   * Runs `work` under a transaction-scoped advisory lock named `key`, held on a
   * connection of its own for the whole pass (the work runs in its own
   * transactions); returns `skipped` when another instance holds it. The lock
   * goes with the transaction, even if the process dies.
   */
  async whileHolding<T>(key: string, work: () => Promise<T>): Promise<{ skipped: true } | { skipped: false; value: T }> {
    // The embedded database has one opener (embedded-lock.ts), so no other instance; and its one session, held by
    // the lock's transaction, would keep the work's own statements waiting for that transaction: a deadlock.
    if (this.db.mode === 'embedded') return { skipped: false, value: await work() };
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      try {
        const [{ locked }] = await runner.query(`SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked`, [key]);
        if (!locked) return { skipped: true };
        return { skipped: false, value: await work() };
      } finally {
        await runner.rollbackTransaction();
      }
    } finally {
      await runner.release();
    }
  }
}
