import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DatabaseHandle } from '../../src/database/database-handle';
import { BackgroundLoops } from '../../src/modules/scheduler/background-loops.service';
import { createTestDatabase, describeRealPostgres } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(20);
  }
}

/**
 * The scheduler of the background loops, in two instances of the whole
 * application on one real database (as two servers behind one address).
 */
describe('BackgroundLoops: one scheduler for the background loops', () => {
  let db: DatabaseHandle;
  let a: TestApp;
  let b: TestApp;
  let loopsA: BackgroundLoops;
  let loopsB: BackgroundLoops;
  let ds: DataSource;
  let bClosed = false;

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await startTestApp({}, { db });
    b = await startTestApp({}, { db });
    loopsA = a.app.get(BackgroundLoops);
    loopsB = b.app.get(BackgroundLoops);
    ds = a.app.get<DataSource>(getDataSourceToken());
    await ds.query('CREATE TABLE loop_ticks (loop text NOT NULL, instance text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())');
  });
  afterAll(async () => {
    await a?.close();
    if (!bClosed) await b?.close();
    await db?.stop();
  });

  const ticksOf = async (loop: string) => Number((await ds.query('SELECT count(*) AS n FROM loop_ticks WHERE loop = $1', [loop]))[0].n);

  it('never runs two ticks of one loop at once, however often it is woken', async () => {
    let running = 0;
    let most = 0;
    let ticks = 0;
    loopsA.register({
      name: 'test-no-overlap',
      periodMs: 5,
      firstDelayMs: 0,
      tick: async () => {
        running++;
        most = Math.max(most, running);
        await sleep(60);
        ticks++;
        running--;
      },
    });
    for (let i = 0; i < 20; i++) {
      loopsA.wake('test-no-overlap');
      void loopsA.tickNow('test-no-overlap');
      await sleep(15);
    }
    await waitFor(() => ticks >= 5);
    expect(most).toBe(1);
  });

  it('wake starts the next tick at once instead of after the period; a tick may set its own next wait', async () => {
    let woken = 0;
    loopsA.register({ name: 'test-wake', periodMs: 3_600_000, tick: async () => void woken++ });
    await sleep(100);
    expect(woken).toBe(0);
    loopsA.wake('test-wake');
    await waitFor(() => woken === 1);

    let selfTimed = 0;
    // A period of an hour, but each tick asks for the next one 20 ms later (as the delivery worker computes its wait).
    loopsA.register({ name: 'test-next-wait', periodMs: 3_600_000, firstDelayMs: 0, tick: async () => (++selfTimed < 5 ? 20 : undefined) });
    await waitFor(() => selfTimed === 5);
  });

  it('logs a failed tick in one line naming the loop, and the loop goes on', async () => {
    let calls = 0;
    loopsA.register({
      name: 'test-failing-loop',
      periodMs: 20,
      firstDelayMs: 0,
      tick: async () => {
        if (++calls === 1) throw new Error('the provider said no');
      },
    });
    await waitFor(() => calls >= 3);
    const lines = a.logs.filter((l) => l.includes('test-failing-loop'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('background loop test-failing-loop failed');
    expect(lines[0]).toContain('the provider said no');
    expect(JSON.parse(lines[0]).loop).toBe('test-failing-loop');
  });

  // Several instances run only on a server; on the embedded database (one opener) the tick runs without the lock.
  describeRealPostgres('once across instances', () => {
    it('two instances ticking at the same moment run the exclusive tick once', async () => {
      const slowInsert = (name: string, instance: string) => async () => {
        await ds.query('INSERT INTO loop_ticks (loop, instance) VALUES ($1, $2)', [name, instance]);
        await sleep(300);
      };
      const long = 3_600_000;
      loopsA.register({ name: 'test-exclusive', periodMs: long, onceAcrossInstances: true, tick: slowInsert('test-exclusive', 'a') });
      loopsB.register({ name: 'test-exclusive', periodMs: long, onceAcrossInstances: true, tick: slowInsert('test-exclusive', 'b') });
      await Promise.all([loopsA.tickNow('test-exclusive'), loopsB.tickNow('test-exclusive')]);
      expect(await ticksOf('test-exclusive')).toBe(1);

      // The lock goes with the tick: the next round runs again (on whichever instance gets there first).
      await Promise.all([loopsA.tickNow('test-exclusive'), loopsB.tickNow('test-exclusive')]);
      expect(await ticksOf('test-exclusive')).toBe(2);

      // The same two loops without the option both run: the count above is the lock's doing.
      loopsA.register({ name: 'test-shared', periodMs: long, tick: slowInsert('test-shared', 'a') });
      loopsB.register({ name: 'test-shared', periodMs: long, tick: slowInsert('test-shared', 'b') });
      await Promise.all([loopsA.tickNow('test-shared'), loopsB.tickNow('test-shared')]);
      expect(await ticksOf('test-shared')).toBe(2);
    });
  });

  it('stopping the application waits for the running tick, which still reaches the database', async () => {
    let finished = false;
    let started = false;
    loopsB.register({
      name: 'test-stop',
      periodMs: 3_600_000,
      firstDelayMs: 0,
      tick: async () => {
        started = true;
        await sleep(400);
        await b.app.get<DataSource>(getDataSourceToken()).query('INSERT INTO loop_ticks (loop, instance) VALUES ($1, $2)', ['test-stop', 'b']);
        finished = true;
      },
    });
    await waitFor(() => started);
    await b.close();
    bClosed = true;
    expect(finished).toBe(true);
    expect(await ticksOf('test-stop')).toBe(1);
    expect(b.logs.some((l) => l.includes('test-stop'))).toBe(false);
    // Stopped for good: a wake after the stop runs nothing.
    loopsB.wake('test-stop');
    await sleep(100);
    expect(await ticksOf('test-stop')).toBe(1);
  });
});
