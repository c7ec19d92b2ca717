import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { blankEmbeddedImage } from '../support/embedded-data';

/**
 * Several `pg` connections to the embedded database at once, each sending
 * parameterised queries (Parse, Bind, Execute, Sync) and transactions: no
 * connection's statement may be clobbered by another's, and a transaction keeps
 * the session until it ends.
 */
describe('embedded PostgreSQL under concurrent connections', () => {
  jest.setTimeout(120_000);

  it('keeps each extended-protocol batch and each transaction whole', async () => {
    const pg = await startEmbeddedPostgres({ maxConnections: 8, image: blankEmbeddedImage() });
    const clients = Array.from({ length: 6 }, () => new Client({ connectionString: pg.url }));
    try {
      await Promise.all(clients.map((c) => c.connect()));
      await clients[0].query('CREATE TABLE counter (n int NOT NULL)');
      await clients[0].query('INSERT INTO counter VALUES (0)');
      const errors: string[] = [];
      await Promise.all(
        clients.map(async (c, i) => {
          for (let k = 0; k < 100; k++) {
            try {
              const r = await c.query('SELECT $1::int * 2 AS v, $2::text AS who', [k, `c${i}`]);
              if (r.rows[0].v !== k * 2 || r.rows[0].who !== `c${i}`) errors.push(`client ${i} got ${JSON.stringify(r.rows[0])} for ${k}`);
              if (k % 10 === 0) {
                await c.query('BEGIN');
                const [{ n }] = (await c.query('SELECT n FROM counter FOR UPDATE')).rows;
                await c.query('UPDATE counter SET n = $1', [n + 1]);
                await c.query('COMMIT');
              }
            } catch (e) {
              errors.push(`client ${i}: ${(e as Error).message}`);
            }
          }
        }),
      );
      expect(errors).toEqual([]);
      // 6 clients × 10 increments, none lost: each transaction held the session until COMMIT.
      expect((await clients[0].query('SELECT n FROM counter')).rows[0].n).toBe(60);
    } finally {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
      await pg.stop();
    }
  });
});
