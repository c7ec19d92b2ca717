import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The advisory lock that lets one instance at a time run an exclusive loop's tick. */
@Injectable()
export class LoopLockStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs `work` under a transaction-scoped advisory lock named `key`, held on a
   * connection of its own for the whole pass (the work runs in its own
   * transactions); returns `skipped` when another instance holds it. The lock
   * goes with the transaction, even if the process dies.
   */
  async whileHolding<T>(key: string, work: () => Promise<T>): Promise<{ skipped: true } | { skipped: false; value: T }> {
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
