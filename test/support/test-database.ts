import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DatabaseHandle } from '../../src/database/database-handle';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/run-migrations';
import { blankEmbeddedImage, migrationsHash } from './embedded-data';

export const realPostgresUrl = process.env.DATABASE_URL;

/**
 * Each test file gets its own database: a fresh one on the real server when
 * DATABASE_URL is set (dropped afterwards), else an in-memory PGlite. CI always
 * sets DATABASE_URL; running there without it is a configuration error, not a skip.
 */
export async function createTestDatabase(opts: { embedded?: boolean } = {}): Promise<DatabaseHandle> {
  if (!realPostgresUrl || opts.embedded) {
    if (process.env.CI === 'true' && !opts.embedded) throw new Error('CI=true but DATABASE_URL is not set: the tests must run on the real PostgreSQL server.');
    const pg = await startEmbeddedPostgres({ maxConnections: 8, image: blankEmbeddedImage() });
    return { url: pg.url, mode: 'embedded', poolSize: 4, stop: pg.stop };
  }
  return createRealDatabase();
}

/**
 * A database of its own on the real server, cloned from a template that has
 * every migration applied (the app's boot-time migration run then finds nothing
 * to do). `empty: true` gives a database with nothing in it, for the tests of
 * the migration run itself.
 */
export async function createRealDatabase(opts: { empty?: boolean } = {}): Promise<DatabaseHandle> {
  if (!realPostgresUrl) throw new Error('createRealDatabase needs DATABASE_URL');
  const template = opts.empty ? null : await migratedTemplate();
  const name = `crisis_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`));
  return {
    url: urlOf(name),
    mode: 'external',
    poolSize: 5,
    async stop() {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

// Held while one process builds the template; the others (on the same admin database) wait for it.
const TEMPLATE_LOCK = 0x746d706c;
let templateName: Promise<string> | undefined;

/**
 * The name of a database with every migration of this tree applied, built once
 * per set of migrations (their names and code, hashed) and kept on the server
 * between runs: jest's workers and the files after them only clone it. It
 * accepts no connection once built, because CREATE DATABASE … TEMPLATE refuses
 * a template that someone is connected to.
 */
export function migratedTemplate(): Promise<string> {
  templateName ??= buildTemplate().catch((e) => {
    templateName = undefined;
    throw e;
  });
  return templateName;
}

async function buildTemplate(): Promise<string> {
  const name = `crisis_tmpl_${migrationsHash()}`;
  await admin(async (c) => {
    const exists = async () => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    if (await exists()) return;
    // The advisory lock saves the work twice on one admin database; the rename below is what keeps
    // two builders correct anywhere (runs whose DATABASE_URL names another database lock elsewhere).
    await c.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      if (await exists()) return;
      const building = `${name}_b_${process.pid}_${randomBytes(3).toString('hex')}`;
      await c.query(`CREATE DATABASE ${building}`);
      try {
        await runMigrations({ url: urlOf(building), mode: 'external' });
        await c.query(`ALTER DATABASE ${building} WITH ALLOW_CONNECTIONS false IS_TEMPLATE true`);
        // Under its final name only once whole. Another builder got there first: theirs is as good.
        await c.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      } catch (e) {
        await c.query(`ALTER DATABASE ${building} IS_TEMPLATE false`).catch(() => undefined);
        await c.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`).catch(() => undefined);
        if ((e as { code?: string }).code !== '42P04') throw e;
      }
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  return name;
}

function urlOf(database: string): string {
  const url = new URL(realPostgresUrl!);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: realPostgresUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * `describe` for tests that need a real PostgreSQL server (several connections
 * truly in parallel, two instances). Without DATABASE_URL they are skipped, and
 * say so; under CI they never are.
 */
export const describeRealPostgres: jest.Describe = ((name: string, fn: () => void) => {
  if (realPostgresUrl) return describe(name, fn);
  if (process.env.CI === 'true')
    return describe(name, () =>
      it('needs DATABASE_URL under CI', () => {
        throw new Error('CI=true but DATABASE_URL is not set');
      }),
    );
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED (no DATABASE_URL, real PostgreSQL needed): ${name}`);
  return describe.skip(name, fn);
}) as jest.Describe;
