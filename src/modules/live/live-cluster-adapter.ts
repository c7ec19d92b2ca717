import { Logger } from '@nestjs/common';
import { createAdapter } from '@socket.io/postgres-adapter';
import { Pool } from 'pg';

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
  const adapter = createAdapter(pool, { tableName: LIVE_ATTACHMENTS_TABLE, errorHandler: warn });
  return {
    adapter,
    async close() {
      await pool.end().catch(warn);
    },
  };
}
