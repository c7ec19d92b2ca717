import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../migrations';
import { dataSourceOptions } from '../src/database/data-source.options';
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
  describeRealPostgres('OwnersOfADelivery on a database with deliveries', () => {
    it('moves the injects from message_id to inject_id and back, and holds every delivery to exactly one owner', async () => {
      const db = await createRealDatabase({ empty: true });
      const withMigrations = async (list: typeof migrations, run: (ds: DataSource) => Promise<unknown>) => {
        const ds = new DataSource({ ...dataSourceOptions(db.url, 2), entities: [], migrations: list });
        await ds.initialize();
        try {
          await run(ds);
        } finally {
          await ds.destroy();
        }
      };
      try {
        const last = migrations.findIndex((m) => m.name === 'OwnersOfADelivery1796570730062');
        expect(last).toBeGreaterThan(0);
        await withMigrations(migrations.slice(0, last), (ds) => ds.runMigrations());
        const [event, message, inject] = [randomUUID(), randomUUID(), randomUUID()];
        const q = (ds: DataSource, sql: string, params: unknown[] = []) => ds.query(sql, params);
        const row = `WITH c AS (INSERT INTO delivery_contents (event_id, message_id, audience, channel, text, marker, exercise, factual)
                      VALUES ($1, $2, $3, 'email', 't', $4, $5, false) RETURNING id)
           INSERT INTO deliveries (content_id, event_id, message_id, audience, channel, address) SELECT id, $1, $2, $3, 'email', 'a@b.fr' FROM c`;
        await withMigrations(migrations.slice(0, last), async (ds) => {
          await q(ds, row, [event, message, 'elected', 'BUL-1', false]);
          // Before this migration, an inject lent its id to message_id.
          await q(ds, row, [event, inject, 'exercise_player', 'INJ-1', true]);
        });
        const owners = (ds: DataSource) => q(ds, `SELECT audience, message_id, inject_id, reminder_id FROM deliveries ORDER BY audience`);
        await withMigrations(migrations.slice(0, last + 1), async (ds) => {
          expect(await ds.runMigrations()).toHaveLength(1);
          expect(await owners(ds)).toEqual([
            { audience: 'elected', message_id: message, inject_id: null, reminder_id: null },
            { audience: 'exercise_player', message_id: null, inject_id: inject, reminder_id: null },
          ]);
          expect(await q(ds, `SELECT audience, message_id, inject_id FROM delivery_contents ORDER BY audience`)).toEqual([
            { audience: 'elected', message_id: message, inject_id: null },
            { audience: 'exercise_player', message_id: null, inject_id: inject },
          ]);
          const content = (await q(ds, `SELECT id FROM delivery_contents WHERE message_id = $1`, [message]))[0].id;
          const insert = (cols: string, values: unknown[]) =>
            q(ds, `INSERT INTO deliveries (content_id, contact_id, audience, channel, ${cols}) VALUES ($1, gen_random_uuid(), 'x', 'email', ${values.map((_, i) => `$${i + 2}`).join(', ')})`, [
              content,
              ...values,
            ]);
          await expect(insert('event_id, message_id, page_id', [event, randomUUID(), randomUUID()])).rejects.toThrow(/CHK_deliveries_one_source/);
          await expect(insert('event_id', [event])).rejects.toThrow(/CHK_deliveries_one_source/);
          await expect(insert('inject_id', [randomUUID()])).rejects.toThrow(/CHK_deliveries_event/);
          // A reminder alone may have no event: its exercise has not started.
          await insert('reminder_id', [randomUUID()]);
          await ds.undoLastMigration();
          // Undone: the reminder's row has no place any more, the inject is back in message_id.
          expect(await q(ds, `SELECT audience, message_id FROM deliveries ORDER BY audience`)).toEqual([
            { audience: 'elected', message_id: message },
            { audience: 'exercise_player', message_id: inject },
          ]);
        });
      } finally {
        await db.stop();
      }
    });
  });
  describeRealPostgres('on a real PostgreSQL server', () => migrationBehaviour('empty database', () => createRealDatabase({ empty: true })));
});
