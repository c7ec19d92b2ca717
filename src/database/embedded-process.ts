import { ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { embeddedUrl } from './embedded-postgres';
import type { EmbeddedServerMessage } from './embedded-server';

/** The compiled child script; absent when the sources run under Jest (swc), where the database stays in-process. */
export const EMBEDDED_SERVER_JS = join(__dirname, 'embedded-server.js');

export interface EmbeddedProcess {
  url: string;
  pid: number;
  /** Closes the database and waits for its process to exit; call it once the app's pools are closed. */
  stop(): Promise<void>;
}

/**
 * The embedded database kept in `dataDir`, served by a process of its own
 * (embedded-server.ts): PGlite's WebAssembly runs on another core than the
 * app's one JavaScript thread, and its memory is not the app's. The app talks
 * to it through `pg` on loopback as to any server.
 *
 * Rejects with the child's own words when it cannot open the folder (in use by
 * another instance, unreadable, …). `onLost` is called if the process ends
 * while the app still needs it.
 */
export function startEmbeddedProcess(options: { dataDir: string; maxConnections: number; onLost: (reason: string) => void }): Promise<EmbeddedProcess> {
  const dataDir = resolve(options.dataDir);
  // No inherited flags (a --cpu-prof of the app, an inspector port); stdout stays out of the app's JSON log lines.
  const child = fork(EMBEDDED_SERVER_JS, [dataDir, String(options.maxConnections)], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  let stopping = false;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((resolvePromise, reject) => {
    const onMessage = (m: EmbeddedServerMessage) => {
      if ('failed' in m) return reject(new Error(m.failed));
      child.off('exit', beforeReady);
      child.on('exit', (code, signal) => {
        if (!stopping) options.onLost(`the embedded database process (${child.pid}) ended (${signal ?? `exit code ${code}`})`);
      });
      resolvePromise({
        url: embeddedUrl(m.ready),
        pid: child.pid!,
        async stop() {
          stopping = true;
          await stopChild(child, exited);
        },
      });
    };
    const beforeReady = (code: number | null, signal: string | null) => reject(new Error(`the embedded database process for ${dataDir} ended before it was ready (${signal ?? `exit code ${code}`})`));
    child.once('message', onMessage);
    child.once('exit', beforeReady);
    child.once('error', reject);
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (child.connected) child.send('stop');
  // A database that does not close in 10 s is killed: its data is on disk, as after a crash, which PostgreSQL recovers from.
  const killed = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killed);
}

/** Whether this build can run the database in a process of its own. */
export const canRunEmbeddedProcess = (): boolean => existsSync(EMBEDDED_SERVER_JS);
