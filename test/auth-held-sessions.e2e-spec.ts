import { Client } from 'pg';
import { HELD_SESSION_MS } from '../src/modules/auth/auth.service';
import type { DatabaseHandle } from '../src/database/database-handle';
import { waitFor } from './events/support';
import { createTestDatabase, realPostgresUrl } from './support/test-database';
import { startTestApp, TestApp } from './support/test-app';

/**
 * On the embedded database a session found valid is kept for a few seconds
 * (AuthService.held): every change made through the product must still end it
 * at once; only a change made behind the product's back waits out the span.
 * On a server (the tests' default under CI) nothing is kept.
 */
describe.each([
  ['the embedded database', true],
  ['the default test database (the server under CI)', false],
])('sessions on %s', (_name, embedded) => {
  jest.setTimeout(120_000);
  let db: DatabaseHandle;
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    db = await createTestDatabase({ embedded });
    t = await startTestApp({}, { db });
    admin = await t.adminToken();
  });
  afterAll(async () => {
    await t?.close();
    await db?.stop();
  });

  const me = (token: string) => t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`);
  const sql = async (text: string, params: unknown[]) => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query(text, params);
    } finally {
      await c.end();
    }
  };
  // The embedded database is what makes the app keep sessions (without DATABASE_URL the default is embedded too).
  const keeps = embedded || !realPostgresUrl;

  it('ends a session at its logout, though it was just used', async () => {
    const u = await t.userWithRole('communication');
    expect((await me(u.token)).status).toBe(200);
    expect((await t.http().post('/api/auth/logout').set('Authorization', `Bearer ${u.token}`)).status).toBe(204);
    expect((await me(u.token)).status).toBe(401);
  });

  it.each([
    ['a deactivation', { active: false }],
    ['a new password', { password: 'another-password-for-this-one-42' }],
  ])('ends the sessions of a user at %s, though they were just used', async (_what, change) => {
    const u = await t.userWithRole('communication');
    expect((await me(u.token)).status).toBe(200);
    expect((await t.http().patch(`/api/users/${u.id}`).set('Authorization', `Bearer ${admin}`).send(change)).status).toBe(200);
    expect((await me(u.token)).status).toBe(401);
  });

  it('shows a new role at once', async () => {
    const u = await t.userWithRole('communication');
    expect((await me(u.token)).body.role).toBe('communication');
    expect((await t.http().patch(`/api/users/${u.id}`).set('Authorization', `Bearer ${admin}`).send({ role: 'reviewer' })).status).toBe(200);
    expect((await me(u.token)).body.role).toBe('reviewer');
  });

  it(`ends a session revoked behind the product's back ${keeps ? `within ${HELD_SESSION_MS / 1000} s` : 'at once'}`, async () => {
    const u = await t.userWithRole('communication');
    expect((await me(u.token)).status).toBe(200);
    await sql('UPDATE sessions SET revoked_at = clock_timestamp() WHERE user_id = $1', [u.id]);
    const revokedAt = performance.now();
    expect((await me(u.token)).status).toBe(keeps ? 200 : 401);
    await waitFor('the revoked session refused', async () => (await me(u.token)).status === 401, HELD_SESSION_MS + 5_000);
    if (keeps) expect(performance.now() - revokedAt).toBeLessThan(HELD_SESSION_MS + 5_000);
  });

  it('never keeps a session past its expiry', async () => {
    const u = await t.userWithRole('communication');
    // Never looked up yet: the first lookup reads an expiry 1.5 s away.
    await sql(`UPDATE sessions SET expires_at = clock_timestamp() + interval '1500 milliseconds' WHERE user_id = $1`, [u.id]);
    expect((await me(u.token)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await me(u.token)).status).toBe(401);
  });
});
