import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawEmail } from './bench-raw-pool';
import { freePort, scratchDatabase, sleep } from './bench-support';

export const ADMIN_PASSWORD = 'bench-admin-password';
const CONTACTS_HEADER = 'kind;name;organisation;commune_insee;email;mobile;exercise_participant;lists';

/** Where a section's app keeps its data: a scratch database on the DATABASE_URL server, or an embedded data folder. */
export interface BenchDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function benchDatabase(label: string): Promise<BenchDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const scratch = await scratchDatabase(serverUrl, label);
    return { env: { DATABASE_URL: scratch.url }, drop: scratch.drop };
  }
  const dataDir = mkdtempSync(join(tmpdir(), `crisis-bench-${label}-`));
  return { env: { DATA_DIR: dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** The product as its own process, and an HTTP client of its API. */
export interface AppProcess {
  pid: number;
  base: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of our own API, checked by status
  call(method: string, path: string, token?: string, body?: unknown, type?: string): Promise<any>;
  /** SIGTERM and wait for the exit: a `--cpu-prof` profile is written then. */
  stop(): Promise<void>;
  /** Started with `ipc`: sends `message` and resolves with the `key` of the next answer that has one. */
  ask<T>(message: string, key: string): Promise<T>;
}

export async function startApp(mainJs: string, env: Record<string, string>, opts: { nodeArgs?: string[]; ipc?: boolean } = {}): Promise<AppProcess> {
  const port = await freePort();
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL'));
  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), mainJs], {
    env: { ...clean, ADMIN_PASSWORD, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit', ...(opts.ipc ? (['ipc'] as const) : [])],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const call: AppProcess['call'] = async (method, path, token, body, type = 'application/json') => {
    const send = () =>
      fetch(`${base}${path}`, {
        method,
        headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': type } : {}) },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
    // A kept-alive socket the server closed as it was reused fails the request ("fetch failed"): a read is asked again, once.
    const res = await send().catch((e) => (method === 'GET' ? sleep(100).then(send) : Promise.reject(e)));
    const json = await res.json().catch(() => null);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  for (const started = Date.now(); ; await sleep(100)) {
    if (child.exitCode !== null) throw new Error(`the app stopped during start-up (${child.exitCode})`);
    try {
      if ((await fetch(`${base}/api/health`)).status === 200) break;
    } catch {
      // not up yet
    }
    if (Date.now() - started > 90_000) {
      child.kill('SIGKILL');
      throw new Error('the app did not become healthy');
    }
  }
  return {
    pid: child.pid!,
    base,
    call,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const killed = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killed);
    },
    ask<T>(message: string, key: string) {
      return new Promise<T>((resolve) => {
        const listen = (m: Record<string, unknown>) => {
          if (!(key in m)) return;
          child.off('message', listen);
          resolve(m[key] as T);
        };
        child.on('message', listen);
        child.send(message);
      });
    },
  };
}

/** A session of its own for `username`: its token. */
export const login = async (app: AppProcess, username: string, password: string): Promise<string> => (await app.call('POST', '/api/auth/login', undefined, { username, password })).token as string;

/** The people a bench needs: the admin, a writer and a prefect (`prefet`, password `prefet-password-123`); their tokens. */
export async function staff(app: AppProcess): Promise<{ admin: string; writer: string; prefect: string }> {
  const admin = await login(app, 'admin', ADMIN_PASSWORD);
  for (const [username, role] of [
    ['redac', 'communication'],
    ['prefet', 'prefect'],
  ]) {
    await app.call('POST', '/api/users', admin, { username, displayName: username, role, password: `${username}-password-123` });
  }
  return { admin, writer: await login(app, 'redac', 'redac-password-123'), prefect: await login(app, 'prefet', 'prefet-password-123') };
}

/** `count` elected officials (email and mobile) in the list `list`, and `media` newsrooms in `${list}-media`; the CSV import's time. */
export async function importContacts(app: AppProcess, admin: string, list: string, count: number, media = 0): Promise<{ ms: number; lists: Map<string, string> }> {
  const lines = [
    CONTACTS_HEADER,
    ...Array.from({ length: count }, (_, i) => `departmental_councillor;Élu ${i};Bench;;elu${i}@${list}.example.org;+336${String(i).padStart(8, '0')};non;${list}`),
    ...Array.from({ length: media }, (_, i) => `newsroom;Rédaction ${i};Bench;;redac${i}@media.example.org;;non;${list}-media`),
  ];
  const t0 = performance.now();
  await app.call('POST', '/api/contacts/import?dryRun=false', admin, lines.join('\n'), 'text/csv');
  const ms = performance.now() - t0;
  const answer = (await app.call('GET', '/api/contacts/lists', admin)) as { id: string; name: string }[] | { items: { id: string; name: string }[] };
  return { ms, lists: new Map((Array.isArray(answer) ? answer : answer.items).map((l) => [l.name, l.id])) };
}

/** An event with its COD active: its C2 clocks run. */
export async function openEvent(app: AppProcess, prefect: string, title: string): Promise<string> {
  const event = await app.call('POST', '/api/events', prefect, { title, kind: 'flood', mode: 'real', communes: ['88160'] });
  await app.call('POST', `/api/events/${event.id}/cod-activation`, prefect, { decidedBy: 'M. le Préfet' });
  return event.id;
}

/** A bulletin written and approved, ready to dispatch; its id. */
export async function approvedBulletin(app: AppProcess, tokens: { writer: string; prefect: string }, eventId: string, choice: Record<string, unknown>): Promise<string> {
  const draft = await app.call('POST', `/api/events/${eventId}/messages`, tokens.writer, {
    facts: 'La Moselle a dépassé la cote d’alerte à Épinal. Deux routes sont fermées.',
    instructions: 'Ne vous engagez pas sur les routes inondées.',
    nextUpdateAt: new Date(Date.now() + 2 * 3600_000).toISOString(),
    ...choice,
  });
  await app.call('POST', `/api/messages/${draft.id}/approve`, tokens.prefect);
  return draft.id;
}

/**
 * Dispatches an approved bulletin and waits until every delivery has an outcome.
 * Times are the app's own, on the database clock: the dispatch commit → the
 * last outcome recorded (per channel too). `onPoll` runs at each wait (memory samples).
 */
export async function dispatchAndWait(
  app: AppProcess,
  prefect: string,
  eventId: string,
  messageId: string,
  onPoll: () => void = () => undefined,
  timeoutMs = 120_000,
): Promise<{ total: number; seconds: number; byChannel: Map<string, { count: number; seconds: number }>; notSent: number }> {
  const t0 = performance.now();
  const { deliveries: total } = (await app.call('POST', `/api/messages/${messageId}/dispatch`, prefect, {})) as { deliveries: number };
  for (;;) {
    onPoll();
    const d = (await app.call('GET', `/api/events/${eventId}/deliveries`, prefect)) as { messageId?: string; id?: string; summary: Record<string, number>[] }[];
    const mine = d.find((m) => (m.messageId ?? m.id) === messageId) ?? d[0];
    const settled = mine?.summary.reduce((n, s) => n + s.total - s.queued - s.sending, 0) ?? 0;
    if (settled === total) break;
    if (performance.now() - t0 > timeoutMs) throw new Error(`only ${settled} of ${total} deliveries settled after ${timeoutMs / 1000} s`);
    // Not faster: on the embedded database this poll competes with the worker it measures.
    await sleep(200);
  }
  const message = ((await app.call('GET', `/api/events/${eventId}/messages`, prefect)) as { id: string; dispatchedAt: string }[]).find((m) => m.id === messageId)!;
  const start = Date.parse(message.dispatchedAt);
  const byChannel = new Map<string, { count: number; last: number }>();
  let notSent = 0;
  let seen = 0;
  for (let page = 1; seen < total; page++) {
    const res = (await app.call('GET', `/api/messages/${messageId}/deliveries?pageSize=500&page=${page}`, prefect)) as { items: { channel: string; status: string; updatedAt: string }[] };
    if (res.items.length === 0) break;
    for (const i of res.items) {
      const c = byChannel.get(i.channel) ?? { count: 0, last: 0 };
      byChannel.set(i.channel, { count: c.count + 1, last: Math.max(c.last, Date.parse(i.updatedAt)) });
      if (i.status !== 'sent') notSent++;
    }
    seen += res.items.length;
  }
  const last = Math.max(...[...byChannel.values()].map((c) => c.last));
  return {
    total,
    seconds: (last - start) / 1000,
    byChannel: new Map([...byChannel].map(([k, c]) => [k, { count: c.count, seconds: (c.last - start) / 1000 }])),
    notSent,
  };
}

/** The email a bulletin sends to elected officials, as rendered for it: what the raw pool sends beside it. */
export async function electedEmailOf(app: AppProcess, token: string, messageId: string, from: string, list: string): Promise<RawEmail> {
  const preview = (await app.call('GET', `/api/messages/${messageId}/preview`, token)) as { renderings: { audience: string; channel: string; parts: Record<string, string | undefined> }[] };
  const parts = preview.renderings.find((r) => r.audience === 'elected' && r.channel === 'email')!.parts;
  return { from, subject: parts.subject ?? parts.title ?? '', text: parts.text ?? '', html: parts.html, toPrefix: 'elu', toDomain: `${list}.example.org` };
}
