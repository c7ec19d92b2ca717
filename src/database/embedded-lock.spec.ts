import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFolderInUseError, lockDataFolder, lockPath } from './embedded-lock';

describe('the lock of an embedded data folder', () => {
  const folder = () => mkdtempSync(join(tmpdir(), 'crisis-lock-'));

  it('is taken with this process id, refused to a second opener while held, and free again once released', async () => {
    const dir = folder();
    const release = await lockDataFolder(dir, 0);
    expect(readFileSync(lockPath(dir), 'utf8').trim()).toBe(String(process.pid));
    await expect(lockDataFolder(dir, 300)).rejects.toBeInstanceOf(DataFolderInUseError);
    await expect(lockDataFolder(dir, 0)).rejects.toThrow(`The data folder ${dir} is already in use by process ${process.pid}`);
    release();
    expect(existsSync(lockPath(dir))).toBe(false);
    (await lockDataFolder(dir, 0))();
  });

  it('is taken over from a process that is gone (killed, power cut)', async () => {
    const dir = folder();
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(lockPath(dir), `${gone}\n`);
    const release = await lockDataFolder(dir, 0);
    expect(readFileSync(lockPath(dir), 'utf8').trim()).toBe(String(process.pid));
    release();
  });

  it('waits for a holder that lets go within the wait', async () => {
    const dir = folder();
    const release = await lockDataFolder(dir, 0);
    setTimeout(release, 200);
    (await lockDataFolder(dir, 5_000))();
  });

  it('refuses a lock file it cannot read, and says which file to delete', async () => {
    const dir = folder();
    writeFileSync(lockPath(dir), 'garbage');
    await expect(lockDataFolder(dir, 0)).rejects.toThrow(`already in use by process (unknown)`);
    await expect(lockDataFolder(dir, 0)).rejects.toThrow(`delete ${lockPath(dir)}`);
  });

  it('does not remove a lock it no longer holds', async () => {
    const dir = folder();
    const release = await lockDataFolder(dir, 0);
    writeFileSync(lockPath(dir), '1\n');
    release();
    expect(readFileSync(lockPath(dir), 'utf8')).toBe('1\n');
  });
});
