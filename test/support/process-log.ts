import { Writable } from 'node:stream';

/**
 * Where the applications a test starts write their log lines. Nest's `Logger` and nestjs-pino keep one logger per
 * process (per worker thread here), so two applications alive at once in one thread (the two-instance tests) write
 * to the same place: each application's `logs` holds every line written while it ran. One started alone gets only
 * its own lines.
 */
const collectors = new Set<string[]>();

export const processLogStream = new Writable({
  write(chunk, _enc, cb) {
    const lines = String(chunk).split('\n').filter(Boolean);
    for (const c of collectors) c.push(...lines);
    cb();
  },
});

/** Starts collecting the process's log lines; `stop` once the application is closed. */
export function collectLogs(): { lines: string[]; stop(): void } {
  const lines: string[] = [];
  collectors.add(lines);
  return { lines, stop: () => void collectors.delete(lines) };
}
