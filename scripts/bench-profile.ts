import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { approvedBulletin, benchDatabase, dispatchAndWait, electedEmailOf, importContacts, openEvent, staff, startApp } from './bench-app';
import type { RawEmail } from './bench-raw-pool';
import { startPeersProcess } from './bench-peers';
import type { StatementStat } from './bench-sql-probe';
import { loadAverage } from './bench-support';

/**
 * `npm run bench:profile`: where the time of the C2 dispatch (2,052
 * deliveries) goes. The app runs under `node --cpu-prof` with the statement
 * probe preloaded (scripts/bench-sql-probe.ts); printed: the app's CPU by
 * package or module (self time), its hottest functions, and every statement
 * sent during the dispatch with its calls and time per delivery. On the
 * embedded database, or on PostgreSQL with DATABASE_URL.
 */
// BENCH_MAIN_JS: another build of the app (e.g. main's, in a worktree of its own), for a before/after side by side.
const MAIN_JS = process.env.BENCH_MAIN_JS ?? join(__dirname, '../src/main.js');
const ELECTED = 1000;
const MEDIA = 50;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package, a module of ours, Node itself, or V8's own work. */
function placeOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /dist\/(src\/(?:modules\/[^/]+|[^/]+))/.exec(url);
  if (ours) return ours[1];
  if (url.startsWith('node:')) return url.split('/')[0].replace(/^node:internal.*/, 'node:internal');
  return url;
}

/** A place that is code of a package or of ours, not Node's, V8's or a native call. */
const isCode = (place: string) => !place.startsWith('(') && !place.startsWith('node:');

/**
 * Self time per place and per function, of the samples taken between `from` and `to` (µs, the profile's clock);
 * `owners`: the same self time given to the nearest caller that is code of a package or of ours (a socket write to
 * whoever wrote: nodemailer, pg, the HTTP server).
 */
function summarise(profile: CpuProfile, from = -Infinity, to = Infinity): { total: number; places: [string, number][]; functions: [string, number][]; owners: [string, number][] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const ownerOf = (id: number): string => {
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const { url, functionName } = byId.get(at)!.callFrame;
      const place = placeOf(url, functionName);
      if (isCode(place)) return place;
    }
    const { url, functionName } = byId.get(id)!.callFrame;
    return placeOf(url, functionName);
  };
  const owners = new Map<string, number>();
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= from && at <= to) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const places = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    total += ms;
    const place = placeOf(url, functionName);
    places.set(place, (places.get(place) ?? 0) + ms);
    const owner = ownerOf(id);
    owners.set(owner, (owners.get(owner) ?? 0) + ms);
    const fn = `${functionName || '(anonymous)'} ${place}${url ? `:${lineNumber + 1}` : ''}`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { total, places: top(places, 14), functions: top(functions, 14), owners: top(owners, 14) };
}

/** What a statement does for a delivery, by its text. */
function roleOf(sql: string): string {
  if (/^UPDATE deliveries d SET status = 'sending'/.test(sql)) return 'claim';
  if (/^UPDATE deliveries d SET status = r\.status/.test(sql)) return 'record';
  if (/FROM deliveries WHERE page_id IN .* FOR UPDATE/.test(sql)) return 'page lock';
  if (/audit_log|pg_advisory_xact_lock|^SELECT date_trunc\('milliseconds'/.test(sql)) return 'audit entry';
  if (/delivery_contents c SET first_accepted_at|event_facts|FROM events .*FOR (UPDATE|SHARE)/.test(sql)) return 'C2 fact';
  if (/^SELECT message_id, audience, channel, status, count\(\*\)/.test(sql)) return 'counts';
  if (/^(START TRANSACTION|COMMIT|ROLLBACK)/.test(sql)) return 'transaction';
  if (/^SELECT channel, priority > 0/.test(sql)) return 'due lanes';
  if (/lease_until = clock_timestamp\(\) \+ make_interval\(secs => \$2\) WHERE lease_token/.test(sql)) return 'lease renewal';
  if (/FROM delivery_contents WHERE id = ANY/.test(sql)) return 'contents';
  if (/FROM sessions s JOIN users|"EventEntity"|count\(\*\) AS count FROM deliveries WHERE event_id|FROM messages/.test(sql)) return 'bench poll';
  return 'other';
}

async function main(): Promise<void> {
  const dbLabel = process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded';
  const profileDir = mkdtempSync(join(tmpdir(), 'crisis-bench-prof-'));
  const peers = await startPeersProcess();
  const db = await benchDatabase('profile');
  process.stdout.write(`load average at start: ${loadAverage()}\n`);
  const app = await startApp(MAIN_JS, { ...peers.env, ...db.env }, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '-r', join(__dirname, 'bench-sql-probe.js')], ipc: true });
  try {
    const tokens = await staff(app);
    const { lists } = await importContacts(app, tokens.admin, 'bench-elected', ELECTED, MEDIA);
    const event = await openEvent(app, tokens.prefect, 'Crue de la Moselle');
    const id = await approvedBulletin(app, tokens, event, { channels: { public: ['x', 'facebook'] }, listIds: { elected: [lists.get('bench-elected')!], media: [lists.get('bench-elected-media')!] } });
    const from = await app.ask<number>('sql-reset', 'sqlReset');
    const r = await dispatchAndWait(app, tokens.prefect, event, id);
    const { at: to, statements: stats } = await app.ask<{ at: number; statements: StatementStat[] }>('sql-stats', 'sqlStats');
    await app.stop();

    const [file] = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'));
    const prof = summarise(JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile, from, to);
    const out = (s: string) => process.stdout.write(`${s}\n`);
    out(`\nC2 dispatch of ${r.total} deliveries on ${dbLabel}: ${r.seconds.toFixed(2)} s dispatch → last recorded; load average at end: ${loadAverage()}`);
    for (const [channel, c] of r.byChannel) out(`  ${channel}: ${c.count} deliveries, last recorded after ${c.seconds.toFixed(2)} s`);
    out(`\nApp CPU during the dispatch and its wait, self time by place (${(prof.total / 1000).toFixed(2)} s sampled over ${((to - from) / 1e6).toFixed(2)} s)`);
    for (const [place, ms] of prof.places) out(`  ${(ms / 1000).toFixed(2).padStart(7)} s  ${((ms / prof.total) * 100).toFixed(1).padStart(5)} %  ${place}`);
    out('\nHottest functions (self time)');
    for (const [fn, ms] of prof.functions) out(`  ${(ms / 1000).toFixed(2).padStart(7)} s  ${fn}`);
    const byRole = new Map<string, { calls: number; ms: number }>();
    for (const s of stats) {
      const role = roleOf(s.statement);
      const t = byRole.get(role) ?? { calls: 0, ms: 0 };
      byRole.set(role, { calls: t.calls + s.calls, ms: t.ms + s.ms });
    }
    const calls = stats.reduce((n, s) => n + s.calls, 0);
    const ms = stats.reduce((n, s) => n + s.ms, 0);
    out(`\nStatements during the dispatch (sent by the app, timed from call to answer): ${calls} statements, ${(ms / 1000).toFixed(2)} s summed over connections`);
    out(`  ${'role'.padEnd(14)} ${'calls'.padStart(6)} ${'per 1,000 deliveries'.padStart(21)} ${'ms summed'.padStart(10)} ${'ms per delivery'.padStart(16)}`);
    for (const [role, t] of [...byRole].sort((a, b) => b[1].ms - a[1].ms)) {
      out(`  ${role.padEnd(14)} ${String(t.calls).padStart(6)} ${((t.calls / r.total) * 1000).toFixed(1).padStart(21)} ${t.ms.toFixed(0).padStart(10)} ${(t.ms / r.total).toFixed(3).padStart(16)}`);
    }
    out('\nTen statements with the most time');
    for (const s of [...stats].sort((a, b) => b.ms - a.ms).slice(0, 10)) out(`  ${String(s.calls).padStart(5)} × ${(s.ms / s.calls).toFixed(2).padStart(7)} ms  ${s.statement.slice(0, 110)}`);
  } finally {
    await app.stop();
    peers.stop();
    await db.drop();
    rmSync(profileDir, { recursive: true, force: true });
  }
}

/** The raw pool in a process of its own, its sends profiled; its rate. */
function rawPoolProfiled(smtpUrl: string, count: number, mail: RawEmail, profileFile: string): Promise<number> {
  const mailFile = `${profileFile}.mail.json`;
  writeFileSync(mailFile, JSON.stringify(mail));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'bench-raw-pool.js'), smtpUrl, String(count), mailFile, profileFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    let said = '';
    child.stdout.on('data', (d: Buffer) => (said += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolve((JSON.parse(said) as { rate: number }).rate) : reject(new Error(`the raw pool stopped (${code})`))));
  });
}

/**
 * `BENCH_PROFILE=email`: the app's CPU per email against the raw pool's, for
 * the same emails into the same sink: the raw pool (in a process of its own,
 * profiled while it sends) with the bulletin's own email, then that bulletin
 * by email only to as many elected officials through the app (profiled from the dispatch to the
 * last recorded). Printed side by side, in CPU milliseconds per email.
 */
async function emailProfile(): Promise<void> {
  const dbLabel = process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded';
  const profileDir = mkdtempSync(join(tmpdir(), 'crisis-bench-prof-'));
  const peers = await startPeersProcess();
  const db = await benchDatabase('profile');
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(`load average at start: ${loadAverage()}`);
  const rawFile = join(profileDir, 'raw-pool.cpuprofile');
  const app = await startApp(MAIN_JS, { ...peers.env, ...db.env }, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '-r', join(__dirname, 'bench-sql-probe.js')], ipc: true });
  try {
    const tokens = await staff(app);
    const { lists } = await importContacts(app, tokens.admin, 'bench-elected', ELECTED);
    const event = await openEvent(app, tokens.prefect, 'Crue de la Moselle (courriels)');
    const id = await approvedBulletin(app, tokens, event, { audiences: ['elected'], channels: { elected: ['email'] }, listIds: { elected: [lists.get('bench-elected')!] } });
    // The raw pool first, with the bulletin's own email, while the app waits idle.
    const rawRate = await rawPoolProfiled(peers.env.SMTP_URL, ELECTED, await electedEmailOf(app, tokens.prefect, id, peers.env.SMTP_FROM, 'bench-elected'), rawFile);
    const from = await app.ask<number>('sql-reset', 'sqlReset');
    const r = await dispatchAndWait(app, tokens.prefect, event, id);
    const { at: to, statements } = await app.ask<{ at: number; statements: StatementStat[] }>('sql-stats', 'sqlStats');
    await app.stop();
    const [file] = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile') && f !== 'raw-pool.cpuprofile');
    const ours = summarise(JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile, from, to);
    const raw = summarise(JSON.parse(readFileSync(rawFile, 'utf8')) as CpuProfile);
    const email = r.byChannel.get('email')!;
    out(
      `\n${ELECTED} emails on ${dbLabel}: raw pool ${rawRate.toFixed(0)} msg/s; our path ${(email.count / email.seconds).toFixed(0)} msg/s (${email.seconds.toFixed(2)} s dispatch → last recorded); load average at end: ${loadAverage()}`,
    );
    const perEmail = (ms: number) => (ms / ELECTED).toFixed(3).padStart(8);
    const busy = (p: typeof ours) => p.total - (p.places.find(([k]) => k === '(idle)')?.[1] ?? 0) - (p.places.find(([k]) => k === '(program)')?.[1] ?? 0);
    out(`\nCPU ms per email, busy (not idle): raw pool ${perEmail(busy(raw))}, our app ${perEmail(busy(ours))}`);
    const table = (title: string, a: [string, number][], b: [string, number][]) => {
      out(`\n${title}\n  ${'raw pool'.padStart(8)} ${'our app'.padStart(8)}  (ms per email)`);
      const keys = [...new Set([...a.map(([k]) => k), ...b.map(([k]) => k)])];
      const get = (l: [string, number][], k: string) => l.find(([x]) => x === k)?.[1] ?? 0;
      for (const k of keys.sort((x, y) => get(b, y) + get(a, y) - get(b, x) - get(a, x))) out(`  ${perEmail(get(a, k))} ${perEmail(get(b, k))}  ${k}`);
    };
    table('Self time by place', raw.places, ours.places);
    table('Self time by the code that caused it (native and Node internals given to their nearest caller in a package or ours)', raw.owners, ours.owners);
    table('Hottest functions', raw.functions, ours.functions);
    out(`\nStatements during it: ${statements.reduce((n, s) => n + s.calls, 0)}`);
  } finally {
    await app.stop();
    peers.stop();
    await db.drop();
    if (process.env.BENCH_PROFILE_KEEP) out(`profiles kept in ${profileDir}`);
    else rmSync(profileDir, { recursive: true, force: true });
  }
}

(process.env.BENCH_PROFILE === 'email' ? emailProfile() : main()).catch((e) => {
  process.stderr.write(`bench profile failed: ${(e as Error).message}\n`);
  process.exit(1);
});
