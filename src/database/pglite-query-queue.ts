import type { PGlite } from '@electric-sql/pglite';

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

  constructor(private readonly db: PGlite) {}

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
    this.owner = null;
    this.held = [];
    await this.process();
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (;;) {
        const index = this.owner === null ? 0 : this.queue.findIndex((p) => p.handlerId === this.owner);
        if (index < 0 || this.queue.length === 0) return;
        const item = this.queue.splice(index, 1)[0];
        const type = item.message[0];
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
          this.owner = null;
          this.flush(item);
          item.reject(e);
          continue;
        }
        // As a PostgreSQL server does, the answers of a batch leave together at its end: one write, one
        // wake-up of the client for Parse, Bind, Describe, Execute and Sync instead of one each.
        if (!HELD_UNTIL_SYNC.has(type)) this.flush(item);
        // A startup message has no type byte (it begins with its length): it ends nothing and holds nothing.
        const endsBatch = type === 0 || BATCH_END.has(type);
        this.owner = endsBatch && !this.db.isInTransaction() ? null : item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }

  private flush(item: Pending): void {
    if (this.held.length === 0) return;
    const out = this.held.length === 1 ? this.held[0] : Buffer.concat(this.held);
    this.held = [];
    item.onData(out);
  }
}
