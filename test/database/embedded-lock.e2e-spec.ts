import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDataDir } from '../support/embedded-data';
import { freePort, startProcess, stopProcess, waitForHealth } from '../support/processes';

describe('one opener per embedded data folder', () => {
  jest.setTimeout(120_000);

  it('refuses a second app on the same data folder with a clear message, and the first goes on serving', async () => {
    const dataDir = seedDataDir(mkdtempSync(join(tmpdir(), 'crisis-app-twice-')));
    const port = await freePort();
    const first = startProcess({ DATA_DIR: dataDir, PORT: String(port), ADMIN_PASSWORD: 'embedded-inline-secret-42' });
    try {
      await waitForHealth(port);
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
