import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { migrations } from '../migrations';
import type { DatabaseHandle } from '../src/database/database-handle';
import { runMigrations } from '../src/database/run-migrations';
import { createRealDatabase, createTestDatabase, describeRealPostgres } from './support/test-database';

async function tables(url: string): Promise<string[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
  await c.end();
  return rows.map((r) => r.table_name);
}

async function expectRefused(url: string, sql: string) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await expect(c.query(sql)).rejects.toThrow(/audit_log is append-only/);
  } finally {
    await c.end();
  }
}

function migrationBehaviour(label: string, open: () => Promise<DatabaseHandle>) {
  describe(label, () => {
    let db: DatabaseHandle;
    beforeAll(async () => {
      db = await open();
    });
    afterAll(() => db.stop());

    it('applies every migration on an empty database, then has nothing left to apply', async () => {
      expect(await runMigrations(db)).toEqual(migrations.map((m) => m.name));
      expect(await tables(db.url)).toEqual(expect.arrayContaining(['audit_log', 'users', 'sessions', 'login_failures', 'migrations']));
      expect(await runMigrations(db)).toEqual([]);
    });

    it('refuses UPDATE, DELETE and TRUNCATE on the audit log in the database itself', async () => {
      const c = new Client({ connectionString: db.url });
      await c.connect();
      await c.query(`INSERT INTO audit_log (seq, at, actor, action, payload, prev_hash, hash) VALUES (1, now(), 't', 't', '{}', 'x', 'y')`);
      await c.end();
      await expectRefused(db.url, `UPDATE audit_log SET actor = 'mallory'`);
      await expectRefused(db.url, `DELETE FROM audit_log`);
      await expectRefused(db.url, `TRUNCATE audit_log`);
      const check = new Client({ connectionString: db.url });
      await check.connect();
      const { rows } = await check.query('SELECT actor FROM audit_log');
      await check.end();
      expect(rows).toEqual([{ actor: 't' }]);
    });
  });
}

describe('migrations', () => {
  it('lists every migration file of migrations/ in migrations/index.ts, in time order', () => {
    const files = readdirSync(join(__dirname, '../migrations'))
      .filter((f) => /^\d+-.+\.ts$/.test(f))
      .sort();
    const names = files.map((f) => f.replace(/^(\d+)-(.+)\.ts$/, '$2$1'));
    expect(migrations.map((m) => m.name)).toEqual(names);
  });

  migrationBehaviour('on the embedded PGlite', () => createTestDatabase({ embedded: true }));
  describeRealPostgres('on a real PostgreSQL server', () => migrationBehaviour('empty database', () => createRealDatabase({ empty: true })));
});
