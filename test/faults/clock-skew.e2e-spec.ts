import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { waitFor } from '../events/support';
import { freePort, startProcess, stopProcess, waitForHealth } from '../support/processes';
import { createRealDatabase, describeRealPostgres } from '../support/test-database';

const FAKETIME = '/usr/bin/faketime';
const SKEW_MS = 5 * 60_000;

/**
 * The app's host clock five minutes ahead of the database's (libfaketime shifts
 * the process's clock, not the database's): the product keeps one clock, the
 * database's, for decisions, due times, audit times and timers.
 */
describeRealPostgres('the app host clock 5 minutes off the database clock', () => {
  jest.setTimeout(240_000);

  it('records decisions, due times, audit entries and fires deadlines on the database clock', async () => {
    if (!existsSync(FAKETIME)) throw new Error(`${FAKETIME} is missing: apt-get install -y faketime (.ci/run does it)`);
    const db = await createRealDatabase();
    const port = await freePort();
    const app = startProcess(
      {
        DATABASE_URL: db.url,
        PORT: String(port),
        ADMIN_PASSWORD: 'admin-password-for-tests',
        CLOCK_C4_MINUTES: '1',
        CLOCK_WARNING_LEAD_MINUTES: '15',
        TIMER_SWEEP_SECONDS: '2',
        FAKETIME_DONT_FAKE_MONOTONIC: '1',
      },
      { wrapper: [FAKETIME, '-f', `+${SKEW_MS / 1000}s`] },
    );
    const sql = new Client({ connectionString: db.url });
    try {
      await waitForHealth(port, 90_000);
      await sql.connect();
      const base = `http://127.0.0.1:${port}`;
      const dbNow = async () => new Date((await sql.query('SELECT clock_timestamp() AS now')).rows[0].now).getTime();
      const call = async (method: string, path: string, token: string | null, body?: unknown) => {
        const res = await fetch(`${base}${path}`, {
          method,
          headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, body: (await res.json()) as Record<string, any> };
      };
      // The app's own clock really is ahead: what it logs is stamped by it.
      const appNow = await waitFor('a log line', async () => /"time":(\d{13})/.exec(app.output())?.[1]);
      expect(Number(appNow) - Date.now()).toBeGreaterThan(SKEW_MS - 30_000);

      const token = (await call('POST', '/api/auth/login', null, { username: 'admin', password: 'admin-password-for-tests' })).body.token as string;
      const created = await call('POST', '/api/users', token, { username: 'prefet', displayName: 'Préfet', role: 'prefect', password: 'prefet-password-123' });
      expect(created.status).toBe(201);
      const prefect = (await call('POST', '/api/auth/login', null, { username: 'prefet', password: 'prefet-password-123' })).body.token as string;
      const event = await call('POST', '/api/events', prefect, { title: 'Crue de la Moselle', kind: 'flood', mode: 'real', communes: ['88160'] });
      expect(event.status).toBe(201);

      const before = await dbNow();
      const cod = await call('POST', `/api/events/${event.body.id}/cod-activation`, prefect, { decidedBy: 'M. le Préfet' });
      const after = await dbNow();
      expect(cod.status).toBe(200);
      const decided = new Date(cod.body.cod.decidedAt).getTime();
      // "Now" is the database's, not the app host's five minutes ahead.
      expect(decided).toBeGreaterThanOrEqual(before - 1000);
      expect(decided).toBeLessThanOrEqual(after + 1000);
      const clocks = (await call('GET', `/api/events/${event.body.id}/commitments`, prefect)).body.commitments as { key: string; dueAt: string; minutesLeft: number }[];
      const c2 = clocks.find((c) => c.key === 'C2-public')!;
      expect(new Date(c2.dueAt).getTime()).toBe(decided + 3_600_000);
      expect(c2.minutesLeft).toBeGreaterThan(59);

      // A CIP ordered 50 s ago on a 1-minute clock: its deadline fires about 10 s later on the database clock,
      // not at once (which a host clock 5 minutes ahead would do) and not 5 minutes late.
      const orderedAt = new Date((await dbNow()) - 50_000).toISOString();
      const order = await call('POST', `/api/events/${event.body.id}/cip-order`, prefect, { nationalNumber: '0800130000', orderedBy: 'M. le Préfet', orderedAt });
      expect(order.status).toBe(200);
      const due = new Date(orderedAt).getTime() + 60_000;
      const missed = await waitFor(
        'the C4 deadline',
        async () => {
          const rows = (await sql.query(`SELECT at, payload FROM audit_log WHERE action = 'clock.missed'`)).rows;
          return rows.length ? rows : null;
        },
        120_000,
      );
      expect(missed).toHaveLength(1);
      const firedAt = new Date(missed[0].at).getTime();
      expect(firedAt).toBeGreaterThanOrEqual(due);
      expect(firedAt - due).toBeLessThan(15_000);
      expect(missed[0].payload.late).toBe(false);
      // Every audit time is the database's.
      const [{ latest }] = (await sql.query('SELECT max(at) AS latest FROM audit_log')).rows;
      expect(new Date(latest).getTime()).toBeLessThanOrEqual((await dbNow()) + 1000);
    } finally {
      await stopProcess(app);
      await sql.end().catch(() => undefined);
      await db.stop();
    }
  });
});
