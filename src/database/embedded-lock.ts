import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file in DATA_DIR that says which process serves the embedded database kept there. */
export const lockPath = (dataDir: string): string => join(dataDir, 'pglite.lock');

export class DataFolderInUseError extends Error {}

/**
 * Takes the data folder for this process, or throws DataFolderInUseError. Two
 * PGlite instances writing one folder corrupt it: PGlite itself takes no lock.
 * The file holds the owner's PID; one whose owner is gone (killed with
 * SIGKILL, power cut) is stale and taken over, so a crash never locks the
 * product out. A holder still alive is waited for `waitMs` (a supervisor that
 * restarts the product right after a kill finds the last database process
 * still closing the folder), then refused.
 *
 * What is left: two processes finding the same stale file in the same instant
 * could both take it over (Node has no flock); opening one folder twice at one
 * moment just after a crash is not something the product does.
 */
export async function lockDataFolder(dataDir: string, waitMs = 5_000): Promise<() => void> {
  mkdirSync(dataDir, { recursive: true });
  const path = lockPath(dataDir);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      return () => releaseIfOurs(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = readHolder(path);
    if (holder !== null && !isAlive(holder)) {
      // Stale: its process is gone. Read again just before removing it, in case another opener took it over meanwhile.
      if (readHolder(path) === holder) rmSync(path, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new DataFolderInUseError(
        `The data folder ${dataDir} is already in use by process ${holder ?? '(unknown)'}: another instance of the product runs on it. ` +
          `Stop that one, or give this one another DATA_DIR. (If no such process exists, delete ${path}.)`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function readHolder(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    // Removed between our attempt and this read, or being written: the loop tries again.
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOurs(path: string): void {
  if (readHolder(path) === process.pid) rmSync(path, { force: true });
}
