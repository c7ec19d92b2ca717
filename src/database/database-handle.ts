import { AppConfig } from '../config/app-config';
import { resolve } from 'node:path';
import { lockDataFolder } from './embedded-lock';
import { startEmbeddedPostgres } from './embedded-postgres';
import { canRunEmbeddedProcess, startEmbeddedProcess } from './embedded-process';

export type DatabaseMode = 'embedded' | 'external';

/** Where the application's PostgreSQL is, and how to let it go at shutdown. */
export interface DatabaseHandle {
  url: string;
  mode: DatabaseMode;
  poolSize: number;
  /** The folder of an embedded database kept on disk (the default of `npm start`); absent in memory and on a server. */
  dataDir?: string;
  /** The embedded database's own process, when it runs in one (the default of `npm start`). */
  pid?: number;
  stop(): Promise<void>;
}

export const DATABASE_HANDLE = Symbol('DATABASE_HANDLE');

export interface OpenDatabaseOptions {
  inMemory?: boolean;
  /** The embedded database's process ended while the app ran (see main.ts); by default, said on stderr. */
  onLost?: (reason: string) => void;
}

/**
 * Without DATABASE_URL the product runs on its embedded PostgreSQL, persisted
 * under DATA_DIR, locked to one opener (embedded-lock.ts): in the app's process
 * by default, or with EMBEDDED_DB_PROCESS=own in a child process of its own
 * (embedded-process.ts). In memory (tests) it stays in this process.
 */
export async function openDatabase(config: AppConfig, opts: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  const { url, poolSize, dataDir, embeddedProcess } = config.database;
  if (url) return { url, mode: 'external', poolSize, stop: async () => undefined };
  // One more connection than the pool: the migration runner may hold its own.
  const maxConnections = poolSize + 2;
  if (!opts.inMemory && embeddedProcess === 'own' && canRunEmbeddedProcess()) {
    const onLost = opts.onLost ?? ((reason) => process.stderr.write(`${reason}\n`));
    const child = await startEmbeddedProcess({ dataDir, maxConnections, onLost });
    return { url: child.url, mode: 'embedded', poolSize, dataDir, pid: child.pid, stop: () => child.stop() };
  }
  if (opts.inMemory) {
    const embedded = await startEmbeddedPostgres({ maxConnections });
    return { url: embedded.url, mode: 'embedded', poolSize, stop: () => embedded.stop() };
  }
  // In the app's process, under the same lock (and so when the sources run without a build, under Jest).
  const release = await lockDataFolder(resolve(dataDir));
  try {
    const embedded = await startEmbeddedPostgres({ dataDir, maxConnections });
    return { url: embedded.url, mode: 'embedded', poolSize, dataDir, stop: () => embedded.stop().finally(release) };
  } catch (e) {
    release();
    throw e;
  }
}
