import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDataDir } from '../support/embedded-data';
import { AppProcess, embeddedDatabasePid, freePort, processGone, startProcess, stopProcess, waitForHealth } from '../support/processes';

/**
 * `npm start`'s embedded database runs in a process of its own, child of the
 * app (src/database/embedded-process.ts): it never outlives the app, one data
 * folder is never opened twice, and an app whose database is gone stops.
 */
describe('the embedded database in a process of its own (EMBEDDED_DB_PROCESS=own)', () => {
  jest.setTimeout(120_000);
  const ADMIN_PASSWORD = 'embedded-process-secret-42';

  async function started(dataDir: string, opts: { wrapper?: string[] } = {}): Promise<{ app: AppProcess; port: number; databasePid: number }> {
    const port = await freePort();
    const app = startProcess({ DATA_DIR: dataDir, PORT: String(port), ADMIN_PASSWORD, EMBEDDED_DB_PROCESS: 'own' }, opts);
    await waitForHealth(port);
    const databasePid = embeddedDatabasePid(app.child.pid!);
    if (!databasePid) throw new Error(`no embedded database process under the app:\n${app.output()}`);
    return { app, port, databasePid };
  }

  const login = (port: number) =>
    fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });

  it('goes with an app killed with SIGKILL, and the data written before is there at the next start', async () => {
    const dataDir = seedDataDir(mkdtempSync(join(tmpdir(), 'crisis-child-kill-')));
    const first = await started(dataDir);
    const token = ((await (await login(first.port)).json()) as { token: string }).token;
    const created = await fetch(`http://127.0.0.1:${first.port}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ username: 'redac', displayName: 'Rédaction', role: 'communication', password: 'redac-password-123' }),
    });
    expect(created.status).toBe(201);

    await stopProcess(first.app, 'SIGKILL');
    await processGone(first.databasePid);
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);

    const second = await started(dataDir);
    try {
      expect(second.databasePid).not.toBe(first.databasePid);
      const res = await fetch(`http://127.0.0.1:${second.port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'redac', password: 'redac-password-123' }),
      });
      expect(res.status).toBe(200);
    } finally {
      await stopProcess(second.app);
    }
  });

  it('refuses a second app on the same data folder with a clear message, and the first goes on serving', async () => {
    const dataDir = seedDataDir(mkdtempSync(join(tmpdir(), 'crisis-child-twice-')));
    const first = await started(dataDir);
    try {
      const second = startProcess({ DATA_DIR: dataDir, PORT: String(await freePort()), ADMIN_PASSWORD, EMBEDDED_DB_PROCESS: 'own' });
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`Start-up failed: The data folder ${dataDir} is already in use by process ${first.databasePid}`);
      expect(second.output()).toContain('give this one another DATA_DIR');
      expect((await login(first.port)).status).toBe(200);
    } finally {
      await stopProcess(first.app);
    }
  });

  it('takes over the lock a killed database process left behind', async () => {
    const dataDir = seedDataDir(mkdtempSync(join(tmpdir(), 'crisis-child-stale-')));
    const first = await started(dataDir);
    // The database process killed outright leaves its lock file; the app stops (next test), the lock stays.
    process.kill(first.databasePid, 'SIGKILL');
    await first.app.exited;
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(true);

    const second = await started(dataDir);
    try {
      expect((await login(second.port)).status).toBe(200);
    } finally {
      await stopProcess(second.app);
    }
  });

  it('stops the app, saying why, when its database process dies under it', async () => {
    const { app, databasePid } = await started(seedDataDir(mkdtempSync(join(tmpdir(), 'crisis-child-dies-'))));
    process.kill(databasePid, 'SIGKILL');
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain(`the embedded database process (${databasePid}) ended (SIGKILL): the product stops`);
  });

  it('on Ctrl-C (SIGINT to the whole group) closes the app first, then its database process', async () => {
    // Under a wrapper the app leads a process group of its own: the signal goes to the group, as a terminal sends it.
    const { app, port, databasePid } = await started(seedDataDir(mkdtempSync(join(tmpdir(), 'crisis-child-int-'))), { wrapper: ['/usr/bin/env'] });
    expect((await login(port)).status).toBe(200);
    await stopProcess(app, 'SIGINT');
    await processGone(databasePid);
    expect(app.output()).toContain('"msg":"stopped"');
    expect(app.output()).not.toContain('ended (');
  });

  it('fails at boot with the reason when the data folder cannot be opened', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'crisis-child-bad-'));
    // A file where the database's folder should be.
    writeFileSync(join(dataDir, 'pglite'), 'not a folder');
    const p = startProcess({ DATA_DIR: dataDir, PORT: String(await freePort()), ADMIN_PASSWORD, EMBEDDED_DB_PROCESS: 'own' });
    expect(await p.exited).toBe(1);
    expect(p.output()).toContain(`Start-up failed: The embedded database could not open ${dataDir}:`);
  });
});

describe("the embedded database in the app's process (the default)", () => {
  jest.setTimeout(120_000);

  it('refuses a second app on the same data folder with a clear message, and the first goes on serving', async () => {
    const dataDir = seedDataDir(mkdtempSync(join(tmpdir(), 'crisis-app-twice-')));
    const port = await freePort();
    const first = startProcess({ DATA_DIR: dataDir, PORT: String(port), ADMIN_PASSWORD: 'embedded-inline-secret-42' });
    try {
      await waitForHealth(port);
      expect(embeddedDatabasePid(first.child.pid!)).toBeUndefined();
      const second = startProcess({ DATA_DIR: dataDir, PORT: String(await freePort()) });
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`Start-up failed: The data folder ${dataDir} is already in use by process ${first.child.pid}`);
      expect((await waitForHealth(port)).status).toBe(200);
    } finally {
      await stopProcess(first);
    }
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);
  });
});
