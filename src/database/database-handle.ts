import { resolve } from 'node:path';
import { AppConfig } from '../config/app-config';
import { lockDataFolder } from './embedded-lock';
import { startEmbeddedPostgres } from './embedded-postgres';

export type DatabaseMode = 'embedded' | 'external';

/** Where the application's PostgreSQL is, and how to let it go at shutdown. */
export interface DatabaseHandle {
  url: string;
  mode: DatabaseMode;
  poolSize: number;
  /** The folder of an embedded database kept on disk (the default of `npm start`); absent in memory and on a server. */
  dataDir?: string;
  stop(): Promise<void>;
}

export const DATABASE_HANDLE = Symbol('DATABASE_HANDLE');

/**
 * Without DATABASE_URL the product runs on its embedded PostgreSQL, persisted
 * under DATA_DIR and locked to one opener (embedded-lock.ts); in memory for the tests.
 */
export async function openDatabase(config: AppConfig, opts: { inMemory?: boolean } = {}): Promise<DatabaseHandle> {
  const { url, poolSize, dataDir } = config.database;
  if (url) return { url, mode: 'external', poolSize, stop: async () => undefined };
  // One more connection than the pool: the migration runner may hold its own.
  const maxConnections = poolSize + 2;
  if (opts.inMemory) {
    const embedded = await startEmbeddedPostgres({ maxConnections });
    return { url: embedded.url, mode: 'embedded', poolSize, stop: () => embedded.stop() };
  }
  const release = await lockDataFolder(resolve(dataDir));
  try {
    const embedded = await startEmbeddedPostgres({ dataDir, maxConnections });
    return { url: embedded.url, mode: 'embedded', poolSize, dataDir, stop: () => embedded.stop().finally(release) };
  } catch (e) {
    release();
    throw e;
  }
}
