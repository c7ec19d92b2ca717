import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { blankEmbeddedImage } from '../support/embedded-data';

/**
 * A statement sent on connection B from inside connection A's transaction waits
 * behind that transaction: if A awaits it, the app hangs with no word of why.
 * The queue says so after a bound, once, naming both statements, and changes
 * nothing else: B still runs when A's transaction ends.
 */
describe('embedded PostgreSQL: a connection waiting behind the transaction of another', () => {
  jest.setTimeout(60_000);
  const OWNER_SECRET = 'owner-secret-5f1c';
  const WAITER_SECRET = 'waiter-secret-9a2e';
  let pg: EmbeddedPostgres;
  let warnings: string[];
  let a: Client;
  let b: Client;
  let c: Client;

  async function open(stuckWarningMs: number): Promise<void> {
    warnings = [];
    pg = await startEmbeddedPostgres({ maxConnections: 4, image: blankEmbeddedImage(), queue: { stuckWarningMs, warn: (m) => warnings.push(m) } });
    [a, b, c] = [1, 2, 3].map(() => new Client({ connectionString: pg.url }));
    await Promise.all([a, b, c].map((client) => client.connect()));
  }

  afterEach(async () => {
    await Promise.all([a, b, c].map((client) => client?.end().catch(() => undefined)));
    await pg?.stop();
  });

  async function until(condition: () => boolean, withinMs: number): Promise<void> {
    const deadline = Date.now() + withinMs;
    while (!condition() && Date.now() < deadline) await sleep(20);
  }

  it('warns once, with both statements and no parameter value, and still runs the waiter after the commit', async () => {
    await open(300);
    await a.query('BEGIN');
    await a.query('SELECT $1::text AS owner_note', [OWNER_SECRET]);
    const waited = Date.now();
    const fromB = b.query('SELECT $1::text AS waiter_note', [WAITER_SECRET]);
    // Awaited below; if an expectation fails first, closing the clients must not surface as an unhandled rejection.
    fromB.catch(() => undefined);
    await until(() => warnings.length > 0, 3_000);

    expect(warnings).toHaveLength(1);
    expect(Date.now() - waited).toBeGreaterThanOrEqual(300);
    const [warning] = warnings;
    expect(warning).toContain('open transaction');
    expect(warning).toContain('SELECT $1::text AS owner_note');
    expect(warning).toContain('SELECT $1::text AS waiter_note');
    expect(warning).not.toContain(OWNER_SECRET);
    expect(warning).not.toContain(WAITER_SECRET);

    // One warning for the episode, however long it lasts and however many wait.
    const fromC = c.query('SELECT 3 AS third');
    fromC.catch(() => undefined);
    await sleep(1_000);
    expect(warnings).toHaveLength(1);

    await a.query('COMMIT');
    expect((await fromB).rows).toEqual([{ waiter_note: WAITER_SECRET }]);
    expect((await fromC).rows).toEqual([{ third: 3 }]);
  });

  it('says nothing when each wait is shorter than the bound, even as the session passes from one transaction to the next', async () => {
    await open(1_000);
    await a.query('BEGIN');
    await a.query('SELECT 1 AS in_transaction');
    // B's transaction starts once A's ends; C waits behind A, then behind B: over the bound in all, under it behind each.
    const fromB = b.query('BEGIN');
    fromB.catch(() => undefined);
    await sleep(100);
    const fromC = c.query('SELECT 3 AS third');
    fromC.catch(() => undefined);
    await sleep(500);
    await a.query('COMMIT');
    await fromB;
    await sleep(600);
    await b.query('COMMIT');
    expect((await fromC).rows).toEqual([{ third: 3 }]);
    await sleep(1_200);
    expect(warnings).toEqual([]);
  });
});
