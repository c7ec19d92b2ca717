import { Client } from 'pg';
import type { DatabaseHandle } from '../../src/database/database-handle';

/**
 * Moves the product's one clock, the database's, forward in a test, so that a
 * scenario that needs an hour to pass does not wait for it. In the test's own
 * database only, `public.clock_timestamp()` shadows PostgreSQL's (the
 * database's search_path puts `public` before `pg_catalog`) and adds an offset
 * kept in a table; the application is unchanged and reads its time as always.
 * Install it before the app connects: a connection reads its search_path when
 * it opens. Column defaults keep PostgreSQL's own clock (a default is bound to
 * its function when the table is made): rows stamped by a default are not moved.
 * Real PostgreSQL only (the embedded PGlite is one shared session):
 * `null` there, and the test waits in real time instead.
 */
export interface DatabaseClock {
  /** Moves the database's clock forward (or back, with a negative number). */
  advance(seconds: number): Promise<void>;
}

export async function installDatabaseClock(db: DatabaseHandle): Promise<DatabaseClock | null> {
  if (db.mode !== 'external') return null;
  const name = new URL(db.url).pathname.slice(1);
  await query(db.url, [
    'CREATE SCHEMA IF NOT EXISTS test_clock',
    'CREATE TABLE IF NOT EXISTS test_clock.offset_seconds (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), seconds double precision NOT NULL)',
    'INSERT INTO test_clock.offset_seconds (seconds) VALUES (0) ON CONFLICT DO NOTHING',
    `CREATE OR REPLACE FUNCTION public.clock_timestamp() RETURNS timestamptz LANGUAGE sql VOLATILE AS
       $$ SELECT pg_catalog.clock_timestamp() + make_interval(secs => (SELECT seconds FROM test_clock.offset_seconds)) $$`,
    `ALTER DATABASE "${name}" SET search_path = public, pg_catalog`,
  ]);
  return {
    advance: (seconds) => query(db.url, [`UPDATE test_clock.offset_seconds SET seconds = seconds + ${Number(seconds)}`]),
  };
}

async function query(url: string, statements: string[]): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    for (const s of statements) await c.query(s);
  } finally {
    await c.end();
  }
}
