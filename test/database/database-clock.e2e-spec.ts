import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { installDatabaseClock } from '../support/database-clock';
import { createTestDatabase, describeRealPostgres } from '../support/test-database';
import { startTestApp } from '../support/test-app';

describeRealPostgres("the tests' database clock (test/support/database-clock.ts)", () => {
  it("moves the clock the application reads, and only in the test's own database", async () => {
    const db = await createTestDatabase();
    const other = await createTestDatabase();
    const clock = (await installDatabaseClock(db))!;
    const t = await startTestApp({}, { db });
    try {
      const ds = t.app.get<DataSource>(getDataSourceToken());
      const shift = async () => Number((await ds.query('SELECT extract(epoch FROM clock_timestamp() - pg_catalog.clock_timestamp()) AS s'))[0].s);
      expect(Math.abs(await shift())).toBeLessThan(1);
      await clock.advance(3600);
      expect(await shift()).toBeGreaterThan(3599);
      expect(await shift()).toBeLessThan(3601);
      // The app's own reading of the time (the one clock of invariant 1) follows.
      const now = Number((await ds.query('SELECT extract(epoch FROM clock_timestamp()) AS s'))[0].s) * 1000;
      expect(now - Date.now()).toBeGreaterThan(3_590_000);
    } finally {
      await t.close();
      await db.stop();
    }
    // Another database of the same server keeps PostgreSQL's clock.
    const { Client } = await import('pg');
    const c = new Client({ connectionString: other.url });
    await c.connect();
    const [{ s }] = (await c.query('SELECT extract(epoch FROM clock_timestamp()) AS s')).rows;
    await c.end();
    await other.stop();
    expect(Math.abs(Number(s) * 1000 - Date.now())).toBeLessThan(60_000);
  });
});
