import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../../src/config/app-config';
import { DatabaseHandle, openDatabase } from '../../src/database/database-handle';
import { runMigrations } from '../../src/database/run-migrations';
import { createRealDatabase, createTestDatabase, realPostgresUrl } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';
import { auditOf, countContacts, sql } from './support';

describe('the Vosges sample contacts at start-up', () => {
  jest.setTimeout(240_000);

  it('are loaded by the embedded default on its first start only, and never come back once deleted', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'contacts-sample-'));
    const env = { DATA_DIR: dataDir };
    let db: DatabaseHandle = await openDatabase(loadConfig(env));
    expect(db).toMatchObject({ mode: 'embedded', dataDir });
    let t: TestApp = await startTestApp(env, { db });
    try {
      expect(await countContacts(t)).toBe(54);
      const [entry, ...more] = await auditOf(t, 'contacts.sample_loaded');
      expect(more).toEqual([]);
      expect(entry).toEqual({ actor: 'system', payload: { source: 'vosges-sample', lines: 54, valid: 54, created: 54, updated: 0, unchanged: 0, skipped: 0, errors: 0, listsCreated: 4 } });
      expect(await sql(t, "SELECT name FROM distribution_lists WHERE kind = 'static' ORDER BY name")).toEqual(
        ['bassin-moselle', 'cellule-communication', 'presse-prioritaire', 'secteur-montagne'].map((name) => ({ name })),
      );

      // The prefecture replaces the sample by its own contacts: every sample contact removed.
      await sql(t, 'DELETE FROM contacts');
      await t.close();
      await db.stop();

      db = await openDatabase(loadConfig(env));
      t = await startTestApp(env, { db });
      expect(await countContacts(t)).toBe(0);
      expect(await auditOf(t, 'contacts.sample_loaded')).toHaveLength(1);
    } finally {
      await t.close();
      await db.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('are not loaded into a database that already has contacts, even if never loaded before', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'contacts-sample-'));
    const env = { DATA_DIR: dataDir };
    // An embedded database whose contacts were entered before any start loaded the sample (e.g. `npm run migration:run`, then SQL).
    const first = await openDatabase(loadConfig(env));
    await runMigrations(first);
    const c = new Client({ connectionString: first.url });
    await c.connect();
    await c.query("INSERT INTO contacts (kind, name, email) VALUES ('mp', 'Déjà Là', 'deja@example.org')");
    await c.end();
    const t = await startTestApp(env, { db: first });
    try {
      expect(await countContacts(t)).toBe(1);
      expect(await auditOf(t, 'contacts.sample_loaded')).toEqual([]);
    } finally {
      await t.close();
      await first.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.each<[string, () => Promise<DatabaseHandle>]>([
    [
      realPostgresUrl ? 'a PostgreSQL server from DATABASE_URL' : 'a database in external mode (no DATABASE_URL here: an in-memory one stands in for the server)',
      async () => (realPostgresUrl ? createRealDatabase() : { ...(await createTestDatabase({ embedded: true })), mode: 'external' as const }),
    ],
    ['an in-memory embedded database (the tests)', () => createTestDatabase({ embedded: true })],
  ])('are not loaded into %s', async (_label, open) => {
    const db = await open();
    const t = await startTestApp({}, { db });
    try {
      expect(await countContacts(t)).toBe(0);
      expect(await auditOf(t, 'contacts.sample_loaded')).toEqual([]);
    } finally {
      await t.close();
      await db.stop();
    }
  });
});
