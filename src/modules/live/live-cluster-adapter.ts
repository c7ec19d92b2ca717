import { Logger } from '@nestjs/common';
import { createAdapter } from '@socket.io/postgres-adapter';
import { Pool, PoolClient } from 'pg';

/** Written by the adapter when a broadcast exceeds NOTIFY's 8000 bytes; created by a migration. */
export const LIVE_ATTACHMENTS_TABLE = 'socket_io_attachments';

export interface LiveCluster {
  adapter: ReturnType<typeof createAdapter>;
  close(): Promise<void>;
}

/**
 * socket.io's PostgreSQL adapter: what one instance emits to a room reaches
 * the sockets held by every instance on the same database (LISTEN/NOTIFY).
 * Only on a real server: the embedded PGlite does not carry NOTIFY across
 * connections, and it runs a single instance anyway.
 *
 * Its own small pool: one connection stays in LISTEN, one sends NOTIFY, and
 * the application's pool is not starved by either.
 */
export function openLiveCluster(url: string, logger: Logger): LiveCluster {
  const pool = new Pool({ connectionString: url, max: 3, application_name: 'crisis-live' });
  const warn = (e: unknown) => logger.warn(`live cluster: ${e instanceof Error ? e.message : String(e)}; the adapter reconnects`);
  // A dropped connection must not crash the process: the adapter reconnects its LISTEN by itself.
  pool.on('error', warn);
  pool.on('connect', (client) => client.on('error', warn));
  const adapter = createAdapter(givingBackEndedClients(pool), { tableName: LIVE_ATTACHMENTS_TABLE, errorHandler: warn });
  return {
    adapter,
    async close() {
      await pool.end().catch(warn);
    },
  };
}

/**
 * The pool as the adapter sees it, with one repair. The adapter (0.5.0) takes
 * a client for its LISTEN and, when that connection ends (the database
 * restarted, a network cut), takes a new one without giving the dead one back:
 * the pool then counts it as in use for ever, and `pool.end()` at shutdown
 * never returns (the process only left when its last idle connection timed
 * out, 10 s later, without closing the rest). Here a client the adapter took
 * is given back, as broken, when its connection ends; giving back twice is a
 * no-op (the adapter gives back the live one at close).
 */
function givingBackEndedClients(pool: Pool): Pool {
  const facade = {
    query: pool.query.bind(pool),
    async connect(): Promise<PoolClient> {
      const client = await pool.connect();
      const release = client.release;
      let released = false;
      const giveBack = (err?: Error | boolean) => {
        if (released) return;
        released = true;
        release(err);
      };
      client.release = giveBack;
      client.once('end', () => giveBack(new Error('LISTEN connection ended')));
      return client;
    },
  };
  // The adapter calls only connect() and query() on its pool.
  return facade as unknown as Pool;
}
