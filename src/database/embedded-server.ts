import { startEmbeddedPostgres } from './embedded-postgres';
import { DataFolderInUseError, lockDataFolder } from './embedded-lock';

/**
 * The embedded database's own process (see embedded-process.ts): takes the
 * data folder's lock, opens PGlite on it, serves it on a loopback port and
 * tells the app which one over the IPC channel. It lives only as long as the
 * app: the channel closing (the app stopped, crashed or was killed with
 * SIGKILL) stops it.
 *
 * Messages to the app: `{ ready: port }` or `{ failed: message }`. From the app: 'stop'.
 */
export type EmbeddedServerMessage = { ready: number } | { failed: string };

async function serve(dataDir: string, maxConnections: number): Promise<void> {
  // Resolved once the message is written: a failure is told before the process exits.
  const send = (m: EmbeddedServerMessage) => new Promise<void>((resolve) => (process.send ? process.send(m, undefined, {}, () => resolve()) : resolve()));
  let release: (() => void) | undefined;
  let stopping: Promise<void> | undefined;
  let pg: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  const stop = (code: number) => {
    stopping ??= (async () => {
      await pg?.stop().catch(() => undefined);
      release?.();
      process.exit(code);
    })();
  };
  // An app that goes away, however it went, takes its database with it.
  process.on('disconnect', () => stop(0));
  process.on('message', (m) => m === 'stop' && stop(0));
  // Ctrl-C reaches the whole foreground group: the app closes its pool first, then stops this process.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => undefined);
  try {
    release = await lockDataFolder(dataDir);
    if (!process.connected) return stop(0);
    pg = await startEmbeddedPostgres({ dataDir, maxConnections });
    await send({ ready: pg.port });
  } catch (e) {
    const reason = (e as Error).message;
    await send({ failed: e instanceof DataFolderInUseError ? reason : `The embedded database could not open ${dataDir}: ${reason}` });
    stop(1);
  }
}

if (require.main === module) void serve(process.argv[2], Number(process.argv[3]));
