import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDataDir } from './support/embedded-data';
import { Client } from 'pg';
import { freePort, startProcess, waitForHealth } from './support/processes';
import { createRealDatabase, describeRealPostgres } from './support/test-database';

describe('starting the product as a process', () => {
  // Above each wait for health (60 s): the SIGKILL case starts the product twice, and two whole suites run side by
  // side took it past the 60 s default (122 s for the file).
  jest.setTimeout(180_000);
  it.each([
    [{ PORT: 'abc' }, 'Invalid environment variable PORT: expected a whole number between 1 and 65535'],
    [{ DATABASE_URL: 'mysql://root@localhost/x' }, 'Invalid environment variable DATABASE_URL: expected a PostgreSQL URL'],
    [{ ADMIN_PASSWORD: 'short-pw' }, 'Invalid environment variable ADMIN_PASSWORD: expected at least 12 characters'],
  ])('stops at boot on %j with one readable line', async (env, expected) => {
    const p = startProcess({ DATA_DIR: mkdtempSync(join(tmpdir(), 'crisis-bad-')), ...env });
    expect(await p.exited).toBe(1);
    expect(p.output().trim().split('\n')).toHaveLength(1);
    expect(p.output()).toContain(expected);
    expect(p.output()).not.toContain('short-pw');
  });

  it('starts on the embedded PostgreSQL, keeps its data across a SIGKILL, and never logs a password or a token', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'crisis-data-'));
    const port = await freePort();
    const password = 'first-start-secret-42';
    const first = startProcess({ DATA_DIR: dataDir, PORT: String(port), ADMIN_PASSWORD: password });
    try {
      const health = await waitForHealth(port);
      expect(health.body).toEqual(expect.objectContaining({ status: 'ok', database: expect.objectContaining({ status: 'up', mode: 'embedded' }) }));
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };
      const me = await fetch(`http://127.0.0.1:${port}/api/auth/me`, { headers: { authorization: `Bearer ${token}`, cookie: `crisis_session=${token}` } });
      expect(me.status).toBe(200);
      await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'wrong-secret-77' }),
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(first.output()).toContain('"url":"/api/auth/me"');
      expect(first.output()).not.toContain(password);
      expect(first.output()).not.toContain('wrong-secret-77');
      expect(first.output()).not.toContain(token);
    } finally {
      first.child.kill('SIGKILL');
      await first.exited;
    }

    // Second start: same folder, no ADMIN_PASSWORD: the admin of the first start is still there.
    const second = startProcess({ DATA_DIR: dataDir, PORT: String(port) });
    try {
      await waitForHealth(port);
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      expect(second.output()).not.toContain('generated password');
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  });

  it('writes a generated admin password to a file only its account reads, and says where, never what, on a first start without ADMIN_PASSWORD', async () => {
    const port = await freePort();
    // A first start for the product (no user yet) on a database already created and migrated: the creation itself is
    // the test above's. The folder is the one seedDataDir copies, so initdb and the migration run are not paid twice.
    const dataDir = seedDataDir(mkdtempSync(join(tmpdir(), 'crisis-gen-')));
    const p = startProcess({ DATA_DIR: dataDir, PORT: String(port) });
    try {
      await waitForHealth(port);
      const file = join(dataDir, 'admin-password.txt');
      expect(p.output()).toContain(`generated password, written to ${file}`);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const password = readFileSync(file, 'utf8').trim();
      expect(password).toMatch(/^[\w-]{24}$/);
      expect(p.output()).not.toContain(password);
      // Nothing left behind under the pending name.
      expect(readdirSync(dataDir).filter((f) => f.startsWith('admin-password'))).toEqual(['admin-password.txt']);
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
    }
  });
});

describeRealPostgres('a first start that cannot keep the generated admin password', () => {
  it('stops with a readable line and creates no admin nobody could log in as', async () => {
    const db = await createRealDatabase();
    // DATA_DIR names a file: no folder can hold the password there.
    const notAFolder = join(mkdtempSync(join(tmpdir(), 'crisis-ro-')), 'a-file');
    writeFileSync(notAFolder, '');
    try {
      const p = startProcess({ DATABASE_URL: db.url, DATA_DIR: notAFolder, PORT: String(await freePort()) });
      expect(await p.exited).toBe(1);
      expect(p.output()).toContain(`Start-up failed: cannot write the generated admin password to ${join(notAFolder, 'admin-password.txt')}`);
      expect(p.output()).toContain('or set ADMIN_PASSWORD');
      const sql = new Client({ connectionString: db.url });
      await sql.connect();
      try {
        expect((await sql.query(`SELECT count(*)::int AS n FROM users`)).rows[0].n).toBe(0);
      } finally {
        await sql.end();
      }
    } finally {
      await db.stop();
    }
  });
});
