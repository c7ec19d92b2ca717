/**
 * Preloaded into the app by the profile bench only (`node -r
 * dist/scripts/bench-sql-probe.js dist/src/main.js`), never by the product:
 * counts and times every statement the app sends through `pg` (the embedded
 * database is reached through `pg` as well, over its socket), grouped by the
 * statement's text. The parent asks over IPC: `sql-reset`, then `sql-stats`.
 * It stands in for pg_stat_statements, which needs a server restart
 * (shared_preload_libraries) that a shared server cannot take.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- patched in place before the app loads it
const pg = require('pg') as typeof import('pg');

export interface StatementStat {
  statement: string;
  calls: number;
  ms: number;
  rows: number;
}

const stats = new Map<string, StatementStat>();
const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;

/** The statement's text, whitespace collapsed, cut: one key per statement written in the code. */
function keyOf(config: unknown): string {
  const text = typeof config === 'string' ? config : ((config as { text?: string })?.text ?? '?');
  return text.replace(/\s+/g, ' ').trim().slice(0, 160);
}

pg.Client.prototype.query = function probed(this: unknown, ...args: unknown[]) {
  const result = original.apply(this, args);
  if (!(result instanceof Promise) || typeof args[args.length - 1] === 'function') return result;
  const key = keyOf(args[0]);
  const t0 = performance.now();
  const note = (rows: number) => {
    const s = stats.get(key) ?? { statement: key, calls: 0, ms: 0, rows: 0 };
    s.calls++;
    s.ms += performance.now() - t0;
    s.rows += rows;
    stats.set(key, s);
  };
  return result.then(
    (r: { rowCount?: number | null }) => {
      note(r?.rowCount ?? 0);
      return r;
    },
    (e: unknown) => {
      note(0);
      throw e;
    },
  );
} as typeof pg.Client.prototype.query;

const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/** How late the app's event loop ran its callbacks (ms): a request waits at least that long, whatever its statements. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}
const loopDelayMs = (): LoopDelay => ({ p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 });

if (process.send) {
  process.on('message', (m: unknown) => {
    if (m === 'sql-reset') {
      stats.clear();
      loopDelay.reset();
      // On the clock of V8's CPU profile (monotonic, µs): the profile is cut to the window between the two calls.
      process.send!({ sqlReset: monotonicMicros() });
    }
    if (m === 'sql-stats') process.send!({ sqlStats: { at: monotonicMicros(), statements: [...stats.values()], loop: loopDelayMs() } });
  });
  // The IPC channel must not keep the app alive once it stops.
  process.channel?.unref();
}
