import type { PGlite } from '@electric-sql/pglite';
import { Logger } from '@nestjs/common';

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (e: unknown) => void;
}

// Frontend message types that end a client's batch: Sync, simple Query, Terminate.
const BATCH_END = new Set([0x53, 0x51, 0x58]);
// Extended-protocol messages whose answers a server keeps until the Sync (or Flush) that follows: Parse, Bind, Describe, Execute, Close.
const HELD_UNTIL_SYNC = new Set([0x50, 0x42, 0x44, 0x45, 0x43]);
const QUERY = 0x51;
const PARSE = 0x50;

export interface PgliteQueryQueueOptions {
  /** How long another connection's message may wait behind the owner before the warning below. */
  stuckWarningMs?: number;
  warn?: (message: string) => void;
}

/**
 * The SQL text a Query or Parse message carries, clipped for a log line; none for
 * other messages, so a Bind's parameter values (possibly secrets) are never shown.
 */
export function sqlTextOf(message: Uint8Array, maxChars = 200): string | undefined {
  const type = message[0];
  if (type !== QUERY && type !== PARSE) return undefined;
  // After the type and length: a Query's SQL; a Parse's statement name, then its SQL; each NUL-terminated.
  const start = type === PARSE ? message.indexOf(0, 5) + 1 : 5;
  const nul = message.indexOf(0, start);
  // A big import's statement can be megabytes: decode only what the line can show.
  const end = Math.min(nul < 0 ? message.length : nul, start + maxChars * 4);
  const text = Buffer.from(message.buffer, message.byteOffset + start, end - start)
    .toString('utf8')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}

function describeWithoutSql(type: number): string {
  if (type === 0) return '(the startup of a new connection)';
  if (type === 0x42) return '(a Bind of a prepared statement; values not shown)';
  return `(a '${String.fromCharCode(type)}' message)`;
}

/**
 * The queue in front of PGlite's single session, replacing pglite-socket's own.
 * Its queue keeps a transaction with the connection that opened it, but lets
 * another connection's Parse slip between one client's Parse, Bind and Execute:
 * under concurrent load `pg` then gets "unnamed prepared statement does not
 * exist" (seen with the delivery worker's parallel lanes). This one gives the
 * session to one connection from the first message of a batch to its Sync, and
 * for the whole of a transaction.
 */
export class PgliteQueryQueue {
  private readonly queue: Pending[] = [];
  private processing = false;
  /** The connection that holds the session: mid-batch or inside a transaction. */
  private owner: number | null = null;
  /** The owner's answers to a batch not yet ended, sent with the answer to its Sync. */
  private held: Uint8Array[] = [];
  /** The last Query or Parse run, kept whole: its text is only decoded for a warning. */
  private lastSql: { handlerId: number; message: Uint8Array } | null = null;
  private stuckTimer: NodeJS.Timeout | null = null;
  /** The owner's stuck episode was reported: once per owner, not once per waiting message. */
  private warned = false;
  private readonly stuckWarningMs: number;
  private readonly warn: (message: string) => void;

  constructor(
    private readonly db: PGlite,
    options: PgliteQueryQueueOptions = {},
  ) {
    this.stuckWarningMs = options.stuckWarningMs ?? 5_000;
    const logger = new Logger('EmbeddedPostgres');
    this.warn = options.warn ?? ((message) => logger.warn(message));
  }

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].handlerId === handlerId) this.queue.splice(i, 1)[0].reject(new Error('Handler disconnected'));
    }
  }

  /** A connection that goes away gives the session back, rolling back what it left open. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.setOwner(null);
    this.held = [];
    await this.process();
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (;;) {
        if (this.queue.length === 0) {
          this.stopStuckTimer();
          return;
        }
        const index = this.owner === null ? 0 : this.queue.findIndex((p) => p.handlerId === this.owner);
        if (index < 0) {
          // Others wait while the owner holds the session: normal for a while, a deadlock if the owner waits for them.
          if (!this.stuckTimer && !this.warned) this.stuckTimer = setTimeout(() => this.warnStuck(), this.stuckWarningMs).unref();
          return;
        }
        const item = this.queue.splice(index, 1)[0];
        const type = item.message[0];
        if (type === QUERY || type === PARSE) this.lastSql = { handlerId: item.handlerId, message: item.message };
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                // A copy: PGlite may reuse the memory behind the view once the call returns.
                this.held.push(data.slice());
              },
            }),
          );
        } catch (e) {
          this.setOwner(null);
          this.flush(item);
          item.reject(e);
          continue;
        }
        // As a PostgreSQL server does, the answers of a batch leave together at its end: one write, one
        // wake-up of the client for Parse, Bind, Describe, Execute and Sync instead of one each.
        if (!HELD_UNTIL_SYNC.has(type)) this.flush(item);
        // A startup message has no type byte (it begins with its length): it ends nothing and holds nothing.
        const endsBatch = type === 0 || BATCH_END.has(type);
        this.setOwner(endsBatch && !this.db.isInTransaction() ? null : item.handlerId);
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }

  /** A new owner (or none) ends a stuck episode: its waiters got the session, or will. */
  private setOwner(owner: number | null): void {
    if (owner === this.owner) return;
    this.owner = owner;
    this.warned = false;
    this.stopStuckTimer();
  }

  private stopStuckTimer(): void {
    if (this.stuckTimer === null) return;
    clearTimeout(this.stuckTimer);
    this.stuckTimer = null;
  }

  private warnStuck(): void {
    this.stuckTimer = null;
    const owner = this.owner;
    const waiting = this.queue.find((p) => p.handlerId !== owner);
    if (owner === null || !waiting) return;
    this.warned = true;
    const ownerSql = this.lastSql?.handlerId === owner ? sqlTextOf(this.lastSql.message) : undefined;
    const waiterSql = sqlTextOf(waiting.message) ?? describeWithoutSql(waiting.message[0]);
    const held = this.db.isInTransaction() ? 'an open transaction' : 'an unfinished batch';
    this.warn(
      `Connection #${waiting.handlerId} has waited over ${this.stuckWarningMs} ms for the embedded database, ` +
        `held by connection #${owner} in ${held}. If #${owner}'s code awaits #${waiting.handlerId}'s statement, ` +
        `neither will ever finish: a statement sent on another connection from inside a transaction. ` +
        `#${owner}'s last SQL: "${ownerSql ?? '(not seen)'}"; #${waiting.handlerId} waits to run: "${waiterSql}".`,
    );
  }

  private flush(item: Pending): void {
    if (this.held.length === 0) return;
    const out = this.held.length === 1 ? this.held[0] : Buffer.concat(this.held);
    this.held = [];
    item.onData(out);
  }
}
