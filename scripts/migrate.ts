import 'reflect-metadata';
import { ConfigError, loadConfig } from '../src/config/app-config';
import { openDatabase } from '../src/database/database-handle';
import { runMigrations } from '../src/database/run-migrations';

/** `npm run migration:run`: the same migrations the app applies at boot, on the same database it would use. */
async function main(): Promise<number> {
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    const applied = await runMigrations(db);
    process.stdout.write(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}\n` : 'Nothing to apply: the schema is up to date.\n');
    return 0;
  } finally {
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${e instanceof ConfigError ? '' : 'Migration failed: '}${(e as Error).message}\n`);
    process.exit(1);
  },
);
