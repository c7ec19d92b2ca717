import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const FIRST_PASSWORD_FILE = 'admin-password.txt';

/**
 * The first start's generated admin password, in a file only this account can
 * read, never in the log (a log line travels to every place logs are kept).
 * Written before the user is created, so that a full or read-only disk stops
 * the start instead of leaving an admin nobody can log in as; kept under a name
 * of this process's own until the creation is known, so that instances racing
 * on one folder never leave the loser's password in place of the winner's.
 */
export function pendingFirstPassword(dataDir: string, password: string): { keep(): string; discard(): void } {
  const dir = resolve(dataDir);
  const final = join(dir, FIRST_PASSWORD_FILE);
  const pending = `${final}.${process.pid}.pending`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(pending, `${password}\n`, { mode: 0o600 });
    // The mode of writeFileSync applies only to a file it creates (and goes through the umask).
    chmodSync(pending, 0o600);
  } catch (e) {
    throw new Error(
      `cannot write the generated admin password to ${final} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): make DATA_DIR a folder this account can write, or set ADMIN_PASSWORD`,
    );
  }
  return {
    keep: () => {
      renameSync(pending, final);
      return final;
    },
    discard: () => rmSync(pending, { force: true }),
  };
}
