import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, setPriority } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppProcess, approvedBulletin, benchDatabase, importContacts, openEvent, staff, startApp } from './bench-app';
import { describeMemory, MemoryBreakdown } from './bench-memory-probe';
import { startPeersProcess } from './bench-peers';
import { BenchRow, cpuSeconds, memoryMb, sleep } from './bench-support';

/**
 * The ministry's national case: every mayor of France (~35,000) by email and
 * SMS at once, on PostgreSQL. Timed on the database clock, from the dispatch
 * commit to the last outcome recorded, with the app's resident memory sampled
 * throughout; then the same with a second app process (a second worker) on
 * the same database, in interleaved pairs (BENCH_NATIONAL_PAIRS, 2 by
 * default). The CSV import of the 35,000 contacts is timed too.
 */
const RECIPIENTS = Number(process.env.BENCH_NATIONAL ?? 35_000);

/**
 * CPU seconds of the PostgreSQL server on this machine: every postgres process's own time, plus what its exited
 * children left (a backend that ends adds its time to the postmaster's). NaN when the server is not local.
 */
function postgresCpuSeconds(): number {
  let seconds = 0;
  let found = false;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8') !== 'postgres\n') continue;
      seconds += cpuSeconds(Number(pid), true);
      found = true;
    } catch {
      // gone between the listing and the read
    }
  }
  return found ? seconds : NaN;
}

interface Settled {
  seconds: number;
  total: number;
  notSent: number;
  /** RSS samples of the apps (every 500 ms) while the dispatch ran: the lowest and the highest. */
  minMb: number;
  peakMb: number;
  /** Where the first app's memory was at its highest RSS sample (bench-memory-probe). */
  atPeak: MemoryBreakdown | null;
  /** Per channel: dispatch → its last row recorded. */
  perChannel: Record<string, number>;
  /** The dispatch call alone (the deliveries written), seconds. */
  dispatchSeconds?: number;
  /** CPU seconds used during the run (the dispatch call included), per app, by the peers and by PostgreSQL. */
  cpu: { apps: number[]; peers: number; postgres: number };
}

/** CPU seconds used so far by each app, the peers and PostgreSQL. */
const cpuNow = (apps: AppProcess[], peersPid: number): Settled['cpu'] => ({ apps: apps.map((a) => cpuSeconds(a.pid)), peers: cpuSeconds(peersPid), postgres: postgresCpuSeconds() });

/** Waits for the message's last outcome; `cpu0`: cpuNow taken before the dispatch call, which the run's time includes. */
async function settle(db: Client, messageId: string, apps: AppProcess[], peersPid: number, cpu0: Settled['cpu'], timeoutMs: number): Promise<Settled> {
  let peakMb = 0;
  let minMb = Infinity;
  let firstPeak = 0;
  let atPeak: MemoryBreakdown | null = null;
  const t0 = Date.now();
  for (;;) {
    for (const a of apps) {
      const mb = memoryMb(a.pid);
      peakMb = Math.max(peakMb, mb);
      minMb = Math.min(minMb, mb);
    }
    const first = memoryMb(apps[0].pid);
    if (first > firstPeak) {
      firstPeak = first;
      atPeak = await memoryOf(apps[0]);
    }
    // Polled cheaply (the bench's own reads count in PostgreSQL's CPU): is any row still to send? Counted once at the end.
    const [{ open }] = (await db.query(`SELECT EXISTS (SELECT 1 FROM deliveries WHERE message_id = $1 AND status IN ('queued', 'sending')) AS open`, [messageId])).rows as { open: boolean }[];
    if (!open) {
      const cpu1 = cpuNow(apps, peersPid);
      const cpu = { apps: cpu1.apps.map((c, i) => c - cpu0.apps[i]), peers: cpu1.peers - cpu0.peers, postgres: cpu1.postgres - cpu0.postgres };
      const channels = (
        await db.query(
          `SELECT d.channel, count(*)::int AS total, count(*) FILTER (WHERE d.status <> 'sent')::int AS not_sent, extract(epoch FROM max(d.updated_at) - m.dispatched_at) AS seconds
             FROM deliveries d JOIN messages m ON m.id = d.message_id WHERE d.message_id = $1 GROUP BY d.channel, m.dispatched_at`,
          [messageId],
        )
      ).rows as { channel: string; total: number; not_sent: number; seconds: string }[];
      return {
        seconds: Math.max(...channels.map((c) => Number(c.seconds))),
        total: channels.reduce((n, c) => n + c.total, 0),
        notSent: channels.reduce((n, c) => n + c.not_sent, 0),
        minMb,
        peakMb,
        atPeak,
        perChannel: Object.fromEntries(channels.map((c) => [c.channel, Number(c.seconds)])),
        cpu,
      };
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`national dispatch not settled after ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

/** CPU seconds of the whole run: the apps, the peers and PostgreSQL. */
const cpuOfRun = (s: Settled) => s.cpu.apps.reduce((n, c) => n + c, 0) + s.cpu.peers + s.cpu.postgres;

/**
 * On one machine the apps, PostgreSQL and the providers' stand-ins share its cores: two workers cannot finish before
 * the two-worker run's CPU seconds, spread over every core, are spent. The share of the cores that run used, and the
 * speed-up that bound allows against the one-worker time.
 */
function cpuBound(one: Settled, two: Settled): { share: number; ceiling: number } {
  const cores = availableParallelism();
  return { share: cpuOfRun(two) / (two.seconds * cores), ceiling: one.seconds / (cpuOfRun(two) / cores) };
}

/** The app's memory, broken down by the probe preloaded into it. */
const memoryOf = (app: AppProcess, collected = false) => app.ask<MemoryBreakdown>(collected ? 'memory-gc' : 'memory', 'memory');

const describe = (s: Settled) =>
  `${s.total} deliveries in ${s.seconds.toFixed(1)} s (dispatch call ${s.dispatchSeconds?.toFixed(1)} s; ${Object.entries(s.perChannel)
    .map(([c, t]) => `${c} ${t.toFixed(1)} s`)
    .join(
      ', ',
    )}), RSS ${s.minMb.toFixed(0)}–${s.peakMb.toFixed(0)} MB, CPU s: app${s.cpu.apps.length > 1 ? 's' : ''} ${s.cpu.apps.map((c) => c.toFixed(1)).join(' + ')}, peers ${s.cpu.peers.toFixed(1)}, PostgreSQL ${s.cpu.postgres.toFixed(1)}`;

export async function nationalBench(mainJs: string): Promise<BenchRow[]> {
  if (!process.env.DATABASE_URL) return [{ figure: `national scale (${RECIPIENTS} email + ${RECIPIENTS} SMS)`, value: 'skipped: needs DATABASE_URL', target: '-', ok: true }];
  const peers = await startPeersProcess();
  // BENCH_NATIONAL_PEERS_NICE=-10: the peers stand in for providers on machines of their own; on a shared, loaded
  // machine one SMTP sink process (all connections of every app on one event loop) caps the email rate for one worker
  // and two alike, so that the second worker measures the sink, not itself. Raising its priority shows the difference.
  const peersNice = process.env.BENCH_NATIONAL_PEERS_NICE;
  if (peersNice) setPriority(peers.pid, Number(peersNice));
  const database = await benchDatabase('national');
  const env = { ...peers.env, ...database.env };
  // BENCH_NATIONAL_PROFILE=<dir>: each app writes a CPU profile there when it stops (node --cpu-prof).
  const profile = process.env.BENCH_NATIONAL_PROFILE;
  // BENCH_NATIONAL_NODE_ARGS: more flags for the apps' node (a heap limit, to tell garbage from memory held).
  const nodeArgs = [
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
    // The memory probe answers the bench over IPC: a breakdown of the app's memory at each stage, no endpoint.
    '-r',
    join(__dirname, 'bench-memory-probe.js'),
    ...(process.env.BENCH_NATIONAL_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
  ];
  const apps: AppProcess[] = [await startApp(mainJs, env, { nodeArgs, ipc: true })];
  const db = new Client({ connectionString: database.env.DATABASE_URL });
  await db.connect();
  try {
    const [app] = apps;
    const say = (s: string) => process.stdout.write(`national: ${s}\n`);
    say(`memory after start: ${describeMemory(await memoryOf(app))}`);
    const tokens = await staff(app);
    say(`memory after the sign-ins: ${describeMemory(await memoryOf(app))}`);
    const imported = await importContacts(app, tokens.admin, 'national', RECIPIENTS);
    const list = imported.lists.get('national')!;
    // Each figure as it comes: the whole section takes minutes.
    say(`CSV import of ${RECIPIENTS} contacts in ${(imported.ms / 1000).toFixed(1)} s${peersNice ? `; peers at nice ${peersNice}` : ''}`);
    const baseMb = memoryMb(app.pid);
    say(`memory after the import: ${describeMemory(await memoryOf(app))}`);
    const run = async (title: string, running: AppProcess[]) => {
      const event = await openEvent(app, tokens.prefect, title);
      const id = await approvedBulletin(app, tokens, event, { audiences: ['elected'], channels: { elected: ['email', 'sms'] }, listIds: { elected: [list] } });
      const cpu0 = cpuNow(running, peers.pid);
      const t0 = Date.now();
      await app.call('POST', `/api/messages/${id}/dispatch`, tokens.prefect, {});
      // The dispatch writes every delivery in one transaction before any worker can claim one: the part of the run a second worker cannot share.
      const dispatchSeconds = (Date.now() - t0) / 1000;
      return { ...(await settle(db, id, running, peers.pid, cpu0, 900_000)), dispatchSeconds };
    };
    // One worker, then two, in interleaved pairs: on a shared machine the load moves between runs, and a ratio of
    // runs minutes apart measures the load as much as the second worker. The second app runs for its pair only.
    const pairs = Math.max(1, Number(process.env.BENCH_NATIONAL_PAIRS ?? 2));
    const ones: Settled[] = [];
    const twos: Settled[] = [];
    for (let p = 1; p <= pairs; p++) {
      // BENCH_NATIONAL_ALLOC_PROFILE=<file>: what the first one-worker run allocates, by function (bench-memory-probe).
      const allocProfile = p === 1 ? process.env.BENCH_NATIONAL_ALLOC_PROFILE : undefined;
      if (allocProfile) await app.ask('alloc-start', 'alloc');
      const one = await run(`Alerte nationale ${p} (un worker)`, [app]);
      if (allocProfile) await app.ask(`alloc-stop ${allocProfile}`, 'alloc');
      say(`pair ${p}, one worker: ${describe(one)}`);
      say(`pair ${p}, one worker, memory at the highest sample: ${one.atPeak ? describeMemory(one.atPeak) : '-'}`);
      say(`pair ${p}, one worker, memory after: ${describeMemory(await memoryOf(app))}`);
      const second = await startApp(mainJs, env, { nodeArgs, ipc: true });
      apps.push(second);
      const two = await run(`Alerte nationale ${p} (deux workers)`, [app, second]);
      const bound = cpuBound(one, two);
      say(
        `pair ${p}, two workers: ${describe(two)}; ratio ${(one.seconds / two.seconds).toFixed(2)} ×; the run used ${(bound.share * 100).toFixed(0)} % of the ${availableParallelism()} cores, which allow at most ${bound.ceiling.toFixed(2)} ×; load ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      );
      await second.stop();
      apps.pop();
      ones.push(one);
      twos.push(two);
    }
    // Forced only now: a collection between runs would change what the next run starts from.
    say(`memory after the runs, after a full collection (what is held): ${describeMemory(await memoryOf(app, true))}`);
    const median = (xs: number[]) => {
      const v = [...xs].sort((x, y) => x - y);
      return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    };
    const ratios = ones.map((o, i) => o.seconds / twos[i].seconds);
    const oneSeconds = median(ones.map((o) => o.seconds));
    const twoSeconds = median(twos.map((o) => o.seconds));
    const speedUp = median(ratios);
    const spread = ratios.length > 1 ? ` (pairs ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})` : '';
    const bounds = ones.map((o, i) => cpuBound(o, twos[i]));
    const oneMin = Math.min(...ones.map((o) => o.minMb));
    const onePeak = Math.max(...ones.map((o) => o.peakMb));
    const twoPeak = Math.max(...twos.map((o) => o.peakMb));
    const notSent = [...ones, ...twos].reduce((n, r) => n + r.notSent, 0);
    const label = `${RECIPIENTS} email + ${RECIPIENTS} SMS on PostgreSQL`;
    const of = pairs > 1 ? `, median of ${pairs}` : '';
    return [
      { figure: `CSV import of ${RECIPIENTS} contacts (email and mobile, one list)`, value: `${(imported.ms / 1000).toFixed(1)} s`, target: '< 20 s', ok: imported.ms < 20_000 },
      { figure: `${label}, one worker: dispatch → last recorded${of}`, value: `${oneSeconds.toFixed(1)} s`, target: '< 60 s', ok: oneSeconds < 60 && notSent === 0 },
      {
        figure: `${label}, one worker: app resident memory (after import → samples during, min–max)`,
        value: `${baseMb.toFixed(0)} → ${oneMin.toFixed(0)}–${onePeak.toFixed(0)} MB`,
        target: '< 400 MB',
        ok: onePeak < 400,
      },
      { figure: `${label}, two worker processes: dispatch → last recorded${of}`, value: `${twoSeconds.toFixed(1)} s`, target: '-', ok: notSent === 0 },
      { figure: `${label}, two workers / one worker speed-up${of}`, value: `${speedUp.toFixed(2)} ×${spread}`, target: '>= 1.6 ×', ok: speedUp >= 1.6 },
      {
        figure: `${label}, two workers: share of the ${availableParallelism()} cores used (apps, PostgreSQL, peers) → the most a second worker could gain here${of}`,
        value: `${(median(bounds.map((b) => b.share)) * 100).toFixed(0)} % → ${median(bounds.map((b) => b.ceiling)).toFixed(2)} ×`,
        target: '-',
        ok: true,
      },
      { figure: `${label}, two workers: peak resident memory of either app`, value: `${twoPeak.toFixed(0)} MB`, target: '< 400 MB', ok: twoPeak < 400 },
      ...(notSent ? [{ figure: 'national deliveries not sent', value: String(notSent), target: '0', ok: false }] : []),
    ];
  } finally {
    await db.end();
    for (const a of apps) await a.stop();
    peers.stop();
    await database.drop();
  }
}
