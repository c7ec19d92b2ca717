import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DatabaseHandle } from '../../src/database/database-handle';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

export const realPostgresUrl = process.env.DATABASE_URL;

/**
 * Each test file gets its own database: a fresh one on the real server when
 * DATABASE_URL is set (dropped afterwards), else an in-memory PGlite. CI always
 * sets DATABASE_URL; running there without it is a configuration error, not a skip.
 */
export async function createTestDatabase(opts: { embedded?: boolean } = {}): Promise<DatabaseHandle> {
  if (!realPostgresUrl || opts.embedded) {
    if (process.env.CI === 'true' && !opts.embedded) throw new Error('CI=true but DATABASE_URL is not set: the tests must run on the real PostgreSQL server.');
    const pg = await startEmbeddedPostgres({ maxConnections: 8 });
    return { url: pg.url, mode: 'embedded', poolSize: 4, stop: pg.stop };
  }
  return createRealDatabase();
}

export async function createRealDatabase(): Promise<DatabaseHandle> {
  if (!realPostgresUrl) throw new Error('createRealDatabase needs DATABASE_URL');
  const name = `crisis_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: realPostgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(realPostgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    mode: 'external',
    poolSize: 5,
    async stop() {
      const c = new Client({ connectionString: realPostgresUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * `describe` for tests that need a real PostgreSQL server (several connections
 * truly in parallel, two instances). Without DATABASE_URL they are skipped, and
 * say so; under CI they never are.
 */
export const describeRealPostgres: jest.Describe = ((name: string, fn: () => void) => {
  if (realPostgresUrl) return describe(name, fn);
  if (process.env.CI === 'true') return describe(name, () => it('needs DATABASE_URL under CI', () => { throw new Error('CI=true but DATABASE_URL is not set'); }));
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED (no DATABASE_URL, real PostgreSQL needed): ${name}`);
  return describe.skip(name, fn);
}) as jest.Describe;
