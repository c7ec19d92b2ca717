import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { PgliteQueryQueue, PgliteQueryQueueOptions } from './pglite-query-queue';

/**
 * PGlite's defaults plus a 16 MB buffer cache instead of 128 MB: the embedded
 * default holds one prefecture's data, and the cache lives in WebAssembly
 * memory that is never given back (resident memory 251 → 133 MB, measured).
 */
const EMBEDDED_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * PGlite (PostgreSQL compiled to WebAssembly) served on a loopback port, so the
 * application talks to it through `pg` exactly as it talks to a real server.
 * PGlite is one session behind a queue: `maxConnections` must cover every pool
 * in the process, or extra connections are dropped.
 *
 * @param dataDir folder that persists the data; undefined keeps it in memory (tests).
 * @param image a dumped data folder to start from instead of a new one (tests, in memory).
 * @param queue the stuck-connection warning's delay and output (tests); by default 5 s, to Nest's logger.
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; maxConnections: number; image?: Blob; queue?: PgliteQueryQueueOptions }): Promise<EmbeddedPostgres> {
  // V8's baseline WebAssembly compiler only: ~70 MB less resident memory and a
  // faster open, for queries that are small anyway (measured: npm run bench).
  setFlagsFromString('--liftoff-only');
  let dataDir: string | undefined;
  if (options.dataDir) {
    dataDir = resolve(options.dataDir, 'pglite');
    mkdirSync(dataDir, { recursive: true });
    initialiseInChildProcess(dataDir);
  }
  // An image (a data folder PGlite dumped: tests keep a blank one) is loaded in place of initdb, which takes seconds.
  const db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(options.image ? { loadDataDir: options.image } : {}), startParams: EMBEDDED_START_PARAMS });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: options.maxConnections });
  // Handlers take the server's queue when a connection arrives: replaced before any does (see pglite-query-queue.ts).
  (server as unknown as { queryQueue: PgliteQueryQueue }).queryQueue = new PgliteQueryQueue(db, options.queue);
  await server.start();
  // The socket server does not expose the bound port other than through its net.Server.
  const port = (server as unknown as { server: { address(): AddressInfo } }).server.address().port;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

/** See embedded-init.ts: the first start's initdb runs in a process that then exits. */
function initialiseInChildProcess(dataDir: string): void {
  const script = join(__dirname, 'embedded-init.js');
  // Under ts-jest/swc there is no compiled script: PGlite then initialises in-process.
  if (existsSync(join(dataDir, 'PG_VERSION')) || !existsSync(script)) return;
  const child = spawnSync(process.execPath, [script, dataDir], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr?.trim() || `embedded database initialisation exited with ${child.status}`);
}
