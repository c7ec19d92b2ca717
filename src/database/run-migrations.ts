import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.options';
import type { DatabaseHandle } from './database-handle';

// Two instances starting together on one server must not both apply a migration.
const MIGRATION_LOCK = 0x6d696772;

/** Applies pending migrations before the application starts using the schema. Returns their names. */
export async function runMigrations(db: Pick<DatabaseHandle, 'url' | 'mode'>): Promise<string[]> {
  const ds = new DataSource({ ...dataSourceOptions(db.url, 2), entities: [] });
  await ds.initialize();
  const runner = ds.createQueryRunner();
  try {
    if (db.mode === 'external') await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    if (db.mode === 'external') await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    await runner.release();
    await ds.destroy();
  }
}
