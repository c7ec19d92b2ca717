import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { createApp, RunningApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { EventTimersService } from '../src/modules/events/event-timers.service';
import type { AddressInfo } from 'node:net';
import { io, Socket } from 'socket.io-client';
import { AuthService } from '../src/modules/auth/auth.service';
import { EventsService } from '../src/modules/events/events.service';
import { LiveEventsService } from '../src/modules/live/live-events.service';
import { MessageDispatchService } from '../src/modules/messages/message-dispatch.service';
import { MessagesService } from '../src/modules/messages/messages.service';
import { dispatchBench } from './bench-dispatch';
import { apiLoadBench } from './bench-api-load';
import { nationalBench } from './bench-national';
import { reportsBench } from './bench-reports';
import { BenchRow, freePort, loadAverage, memoryMb, scratchDatabase } from './bench-support';

/**
 * `npm run bench`: the product's speed and memory figures, printed as a plain
 * table. Each row names its target; a later issue adds its rows here.
 */

// BENCH_MAIN_JS: another build of the app (e.g. main's, in a worktree of its own), for a before/after side by side.
const MAIN_JS = process.env.BENCH_MAIN_JS ?? join(__dirname, '../src/main.js');

async function embeddedColdStart(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crisis-bench-'));
  const port = await freePort();
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL'));
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN_JS], {
    env: { ...env, DATA_DIR: dataDir, PORT: String(port), ADMIN_PASSWORD: 'bench-admin-password', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    let healthyAfter = NaN;
    while (performance.now() - started < 60_000) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200) {
          healthyAfter = performance.now() - started;
          break;
        }
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    // Let start-up work settle before reading the resident size.
    await new Promise((r) => setTimeout(r, 1000));
    const rss = memoryMb(child.pid!);
    return [
      { figure: 'embedded cold start to healthy /api/health (fresh data folder)', value: `${(healthyAfter / 1000).toFixed(2)} s`, target: '< 10 s', ok: healthyAfter < 10_000 },
      { figure: 'resident memory after start (embedded)', value: `${rss.toFixed(0)} MB`, target: '< 300 MB', ok: rss < 300 },
    ];
  } finally {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const quiet = () => new Writable({ write: (_c, _e, cb) => cb() });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Each section's own database on the DATABASE_URL server, by its data folder; dropped when the bench ends. */
const scratchDatabases = new Map<string, Awaited<ReturnType<typeof scratchDatabase>>>();

/**
 * The product in this process, on the embedded database in `dataDir`, or with
 * DATABASE_URL on a database of the section's own on that server: a restart
 * with the same `dataDir` finds the same data either way.
 */
async function benchApp(env: Record<string, string>, dataDir: string): Promise<RunningApp> {
  const serverUrl = process.env.DATABASE_URL;
  let databaseUrl: Record<string, string> = {};
  if (serverUrl) {
    if (!scratchDatabases.has(dataDir)) scratchDatabases.set(dataDir, await scratchDatabase(serverUrl, String(scratchDatabases.size)));
    databaseUrl = { DATABASE_URL: scratchDatabases.get(dataDir)!.url };
  }
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ADMIN_PASSWORD: 'bench-admin-password', ...databaseUrl, ...env });
  return createApp(config, { logStream: quiet() });
}

/** 1,000 events with an active COD (9 timers each), then a fresh boot re-arms them. */
async function timersRearm(dbLabel: string): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crisis-bench-timers-'));
  try {
    let running = await benchApp({}, dataDir);
    await running.app.get(DataSource).query(`
      WITH e AS (
        INSERT INTO events (title, kind, mode, communes, status, created_by, cod_decided_at, cod_recorded_at, cod_decided_by, cod_recorded_by)
        SELECT 'Bench ' || g, 'storm', 'real', '[{"code":"88160","name":"Épinal"}]', 'cod_active', 'bench', now(), now(), 'bench', 'bench'
          FROM generate_series(1, 1000) g RETURNING id, cod_decided_at)
      INSERT INTO event_timers (event_id, commitment_key, kind, lead_minutes, fire_at)
      SELECT e.id, k, CASE WHEN l = 0 THEN 'deadline' ELSE 'warning' END, l, e.cod_decided_at + make_interval(mins => 60 - l)
        FROM e, unnest(ARRAY['C2-elected','C2-public','C2-media']) k, unnest(ARRAY[15, 5, 0]) l`);
    await running.close();
    running = await benchApp({}, dataDir);
    const r = running.app.get(EventTimersService).lastRearm!;
    await running.close();
    return [{ figure: `re-arm at boot: ${r.count} timers of 1,000 active events (${dbLabel})`, value: `${(r.ms / 1000).toFixed(2)} s`, target: '< 2 s', ok: r.ms < 2000 }];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** 200 warnings due over ~8 s, fired by the in-memory timers; lateness = fired_at − fire_at on the database clock. */
async function warningLateness(dbLabel: string): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crisis-bench-late-'));
  const running = await benchApp({ CLOCK_C4_MINUTES: '10', CLOCK_WARNING_LEAD_MINUTES: '9' }, dataDir);
  try {
    const ds = running.app.get(DataSource);
    const timers = running.app.get(EventTimersService);
    // Warnings at order + 1 min: orders placed 52–60 s ago fire over the next ~8 s.
    const rows: { id: string; fire_at: Date }[] = await ds.query(`
      WITH e AS (
        INSERT INTO events (title, kind, mode, communes, status, created_by, cip_ordered_at, cip_recorded_at, cip_ordered_by, cip_number)
        SELECT 'Bench ' || g, 'flood', 'real', '[{"code":"88160","name":"Épinal"}]', 'open', 'bench',
               clock_timestamp() - make_interval(secs => 52 + g * 0.04), clock_timestamp(), 'bench', '+33800130000'
          FROM generate_series(1, 200) g RETURNING id, cip_ordered_at)
      INSERT INTO event_timers (event_id, commitment_key, kind, lead_minutes, fire_at)
      SELECT e.id, 'C4', 'warning', 9, e.cip_ordered_at + interval '1 minute' FROM e RETURNING id, fire_at`);
    timers.arm(rows.map((r) => ({ id: r.id, fireAt: new Date(r.fire_at) })));
    const deadline = Date.now() + 30_000;
    let late: number[] = [];
    while (Date.now() < deadline) {
      const res: { ms: number }[] = await ds.query(`SELECT extract(epoch FROM fired_at - fire_at) * 1000 AS ms FROM event_timers WHERE kind = 'warning' AND fired_at IS NOT NULL`);
      if (res.length === rows.length) {
        late = res.map((r) => Number(r.ms)).sort((a, b) => a - b);
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    if (late.length === 0) return [{ figure: 'warning lateness', value: 'not all fired in 30 s', target: 'p99 < 1 s', ok: false }];
    const p50 = percentile(late, 50);
    const p99 = percentile(late, 99);
    return [
      { figure: `warning lateness p50, ${late.length} warnings (${dbLabel})`, value: `${p50.toFixed(0)} ms`, target: '-', ok: true },
      { figure: `warning lateness p99, ${late.length} warnings (${dbLabel})`, value: `${p99.toFixed(0)} ms`, target: '< 1000 ms', ok: p99 < 1000 },
    ];
  } finally {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * 200 socket.io clients in the room of one event; each round sends a real
 * bulletin through the pipeline (draft, approval, dispatch) to the public page
 * channel, which is always live (our own page), and the delivery worker records
 * the result. Measured: from the worker's `delivery.changed` publish, right
 * after it committed the result, until the last of the 200 clients has it. The
 * clients run in this process too, so they share its CPU with the server and
 * its worker: the figure is pessimistic.
 */
async function liveFanOut(dbLabel: string): Promise<BenchRow[]> {
  const CLIENTS = 200;
  const ROUNDS = 50;
  const dataDir = mkdtempSync(join(tmpdir(), 'crisis-bench-live-'));
  const running = await benchApp({ DELIVERY_POLL_MS: '100' }, dataDir);
  const sockets: Socket[] = [];
  try {
    await running.app.listen(0, '127.0.0.1');
    const { port } = running.app.getHttpServer().address() as AddressInfo;
    const { token } = await running.app.get(AuthService).login('admin', 'bench-admin-password', '127.0.0.1');
    const event = await running.app.get(EventsService).create({ title: 'Bench live', kind: 'flood', mode: 'exercise', communes: ['88160'] }, 'bench');
    const messages = running.app.get(MessagesService);
    const dispatcher = running.app.get(MessageDispatchService);
    const live = running.app.get(LiveEventsService);

    // The worker's publish of the result of this round's delivery: sent, with its counts.
    const isResult = (data: Record<string, unknown>, messageId: string) =>
      data.messageId === messageId && Array.isArray(data.counts) && (data.counts as { status: string }[]).some((c) => c.status === 'sent');
    let waiting: { messageId: string; left: number; done: () => void; t0: number; lastAt: number } | null = null;
    // Timed where the worker calls publish, before the gateway relays it: a listener subscribed
    // now would run after the gateway's own and miss the time the server spends fanning out.
    const publish = live.publish.bind(live);
    live.publish = (e) => {
      if (waiting && e.type === 'delivery.changed' && !waiting.t0 && isResult(e.data, waiting.messageId)) waiting.t0 = performance.now();
      publish(e);
    };
    for (let i = 0; i < CLIENTS; i++) {
      const s = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], auth: { token }, forceNew: true, reconnection: false });
      s.on('delivery.changed', (p: { data: Record<string, unknown> }) => {
        if (waiting && isResult(p.data, waiting.messageId)) {
          waiting.lastAt = performance.now();
          if (--waiting.left === 0) waiting.done();
        }
      });
      sockets.push(s);
    }
    await Promise.all(sockets.map((s) => new Promise<void>((resolve, reject) => (s.connected ? resolve() : (s.once('connect', () => resolve()), s.once('connect_error', reject))))));
    const acks = await Promise.all(sockets.map((s) => s.timeout(30_000).emitWithAck('join', { eventId: event.id })));
    if (acks.some((a: { ok: boolean }) => !a.ok)) throw new Error('a bench client could not join the event room');

    const toAll: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const draft = await messages.create(
        event.id,
        {
          audiences: ['public'],
          channels: { public: ['public_page'] },
          facts: `Point de situation n° ${round} : la crue se poursuit.`,
          instructions: 'Restez informés.',
          nextUpdateAt: new Date(Date.now() + 3_600_000).toISOString(),
        },
        'bench-writer',
      );
      await messages.approve(draft.id, 'bench-prefect');
      const received = new Promise<void>((resolve) => (waiting = { messageId: draft.id, left: CLIENTS, done: resolve, t0: 0, lastAt: 0 }));
      await dispatcher.dispatch(draft.id, 'bench-prefect');
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000));
      if ((await Promise.race([received, timeout])) === 'timeout') {
        return [{ figure: `live fan-out to ${CLIENTS} socket.io clients`, value: `round ${round}: ${waiting!.left} never received`, target: 'p99 < 200 ms', ok: false }];
      }
      toAll.push(waiting!.lastAt - waiting!.t0);
      await new Promise((r) => setTimeout(r, 20));
    }
    toAll.sort((a, b) => a - b);
    const p50 = percentile(toAll, 50);
    const p99 = percentile(toAll, 99);
    return [
      { figure: `live update after commit to all ${CLIENTS} socket.io clients p50, ${ROUNDS} rounds (${dbLabel})`, value: `${p50.toFixed(1)} ms`, target: '-', ok: true },
      { figure: `live update after commit to all ${CLIENTS} socket.io clients p99, ${ROUNDS} rounds (${dbLabel})`, value: `${p99.toFixed(1)} ms`, target: '< 200 ms', ok: p99 < 200 },
    ];
  } finally {
    for (const s of sockets) s.close();
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function print(rows: BenchRow[]): void {
  const w = [Math.max(6, ...rows.map((r) => r.figure.length)), Math.max(5, ...rows.map((r) => r.value.length)), Math.max(6, ...rows.map((r) => r.target.length))];
  const line = (a: string, b: string, c: string, d: string) => `${a.padEnd(w[0])}  ${b.padStart(w[1])}  ${c.padEnd(w[2])}  ${d}`;
  process.stdout.write(`${line('figure', 'value', 'target', 'met')}\n${'-'.repeat(w[0] + w[1] + w[2] + 12)}\n`);
  for (const r of rows) process.stdout.write(`${line(r.figure, r.value, r.target, r.target === '-' ? '' : r.ok ? 'met' : 'NOT MET')}\n`);
}

async function main(): Promise<void> {
  const rows: BenchRow[] = [];
  const dbLabel = process.env.DATABASE_URL ? 'PostgreSQL from DATABASE_URL' : 'embedded';
  // `npm run bench -- --only=reports,timers` runs those sections alone.
  const only = process.argv
    .find((a) => a.startsWith('--only='))
    ?.slice(7)
    .split(',');
  const sections: [string, () => Promise<BenchRow[]>][] = [
    ['cold-start', embeddedColdStart],
    ['timers', () => timersRearm(dbLabel)],
    ['lateness', () => warningLateness(dbLabel)],
    ['live', () => liveFanOut(dbLabel)],
    ['dispatch', () => dispatchBench(MAIN_JS, dbLabel)],
    ['reports', () => reportsBench(dbLabel)],
    ['api', () => apiLoadBench(MAIN_JS, dbLabel)],
    ['national', () => nationalBench(MAIN_JS)],
  ];
  const unknown = only?.filter((name) => !sections.some(([n]) => n === name)) ?? [];
  if (unknown.length) throw new Error(`unknown section ${unknown.join(', ')}: use --only= with ${sections.map(([n]) => n).join(', ')}`);
  // The machine is shared: the load around the run says how far its absolute figures can be trusted (the ratios are side by side).
  const loadAtStart = loadAverage();
  process.stdout.write(`load average at start: ${loadAtStart} (${cpus().length} cores)\n`);
  for (const [name, run] of sections) if (!only || only.includes(name)) rows.push(...(await run()));
  print(rows);
  process.stdout.write(`load average at start: ${loadAtStart}, at end: ${loadAverage()} (1, 5, 15 min)\n`);
}

async function dropScratchDatabases(): Promise<void> {
  for (const db of scratchDatabases.values()) await db.drop();
}

main()
  .finally(dropScratchDatabases)
  .catch((e) => {
    process.stderr.write(`bench failed: ${(e as Error).message}\n`);
    process.exit(1);
  });
