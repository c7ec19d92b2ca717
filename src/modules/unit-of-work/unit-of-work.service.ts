import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditEntryRecord } from '../../domain/audit/audit-chain';
import { databaseNow } from '../../database/db-clock';
import { AuditInput, AuditService } from '../audit/audit.service';
import { LiveEvent, LiveEventsService } from '../live/live-events.service';

/**
 * One transaction in progress: its manager, its audit entries (appended in it,
 * so they commit or roll back with the change they record) and what must
 * happen once it has committed (live updates, timers to arm, a worker to wake).
 */
export class Work {
  private readonly hooks: (() => unknown)[] = [];

  constructor(
    readonly manager: EntityManager,
    private readonly auditLog: AuditService,
    private readonly live: LiveEventsService,
  ) {}

  /** The database's clock, read inside this transaction. */
  now(): Promise<Date> {
    return databaseNow(this.manager);
  }

  audit(input: AuditInput): Promise<AuditEntryRecord> {
    return this.auditLog.append(input, this.manager);
  }

  /** Runs after COMMIT, in the order given; never after a rollback. */
  afterCommit(hook: () => unknown): void {
    this.hooks.push(hook);
  }

  /** A live update for the console, sent after COMMIT: a browser never sees a change that rolled back. */
  publish(event: LiveEvent): void {
    this.afterCommit(() => this.live.publish(event));
  }

  /** @internal the hooks, taken once by the unit of work after COMMIT. */
  takeHooks(): (() => unknown)[] {
    return this.hooks.splice(0);
  }
}

/**
 * Runs a change as one unit: a transaction, the audit entries that record it,
 * and after-commit hooks that run only once COMMIT has succeeded. Services that
 * write and then publish go through here, so a forgotten publish call or one
 * made before the commit cannot happen by hand.
 */
@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger(UnitOfWork.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly live: LiveEventsService,
  ) {}

  async run<T>(change: (work: Work) => Promise<T>): Promise<T> {
    let work!: Work;
    const result = await this.dataSource.transaction(async (m) => {
      work = new Work(m, this.audit, this.live);
      return change(work);
    });
    await this.runHooks(work.takeHooks());
    return result;
  }

  /**
   * Reads in one REPEATABLE READ snapshot: what a document reads through several modules (the proof bundle,
   * the after-action report) describes one instant, not each module's state a moment apart.
   */
  snapshot<T>(read: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', read);
  }

  /** A hook that fails is logged: the change is committed and stays so; the next hooks still run. */
  private async runHooks(hooks: (() => unknown)[]): Promise<void> {
    for (const hook of hooks) {
      try {
        await hook();
      } catch (e) {
        this.logger.error({ err: e }, 'after-commit hook failed (the change itself is committed)');
      }
    }
  }
}
