import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { startChannelPeers } from '../test/peers/channel-peers';
import { BenchRow, freePort, memoryMb, scratchDatabase } from './bench-support';

/**
 * The C2 dispatch figure: 1,000 elected officials by email and SMS, 50 media by
 * email, one X post and one Facebook post, through real protocol peers on
 * loopback, from the dispatch call to the last delivery recorded. The app runs
 * as its own process (its peak resident memory is its own); the peers and a raw
 * nodemailer pool, the ceiling our email path is compared with, run here.
 */
const ELECTED = 1000;
const MEDIA = 50;
const ADMIN_PASSWORD = 'bench-admin-password';
const HEADER = 'kind;name;organisation;commune_insee;email;mobile;exercise_participant;lists';
const BODY_TEXT = 'La Moselle a dépassé la cote d’alerte à Épinal. '.repeat(20);

async function rawNodemailerRate(smtpPort: number, count: number): Promise<number> {
  const transport = createTransport({ pool: true, maxConnections: 5, maxMessages: Infinity, host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      transport.sendMail({ from: 'alerte@vosges.example.org', to: `raw${i}@example.org`, subject: 'Point de situation', text: BODY_TEXT, html: `<p>${BODY_TEXT}</p>` }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return count / seconds;
}

export async function dispatchBench(mainJs: string): Promise<BenchRow[]> {
  const peers = await startChannelPeers({ parseMail: false });
  const smtpPort = Number(new URL(peers.env.SMTP_URL).port);
  let dataDir: string | undefined;
  const serverUrl = process.env.DATABASE_URL;
  const scratch = serverUrl ? await scratchDatabase(serverUrl, 'dispatch') : undefined;
  const env: Record<string, string> = { ...peers.env, ADMIN_PASSWORD, LOG_LEVEL: 'warn', HOST: '127.0.0.1' };
  if (scratch) env.DATABASE_URL = scratch.url;
  else {
    dataDir = mkdtempSync(join(tmpdir(), 'crisis-bench-dispatch-'));
    env.DATA_DIR = dataDir;
  }
  const port = await freePort();
  env.PORT = String(port);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL'));
  const child = spawn(process.execPath, [mainJs], { env: { ...clean, ...env }, stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of our own API, checked by status
  const call = async (method: string, path: string, token?: string, body?: unknown, type = 'application/json'): Promise<any> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': type } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const json = await res.json().catch(() => null);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  try {
    const rawRate = await rawNodemailerRate(smtpPort, ELECTED);
    for (let started = Date.now(); ;) {
      try {
        if ((await fetch(`${base}/api/health`)).status === 200) break;
      } catch {
        // not up yet
      }
      if (Date.now() - started > 60_000) throw new Error('the app did not become healthy');
      await new Promise((r) => setTimeout(r, 100));
    }
    const admin = (await call('POST', '/api/auth/login', undefined, { username: 'admin', password: ADMIN_PASSWORD })).token;
    for (const [username, role] of [
      ['redac', 'communication'],
      ['prefet', 'prefect'],
    ]) {
      await call('POST', '/api/users', admin, { username, displayName: username, role, password: `${username}-password-123` });
    }
    const writer = (await call('POST', '/api/auth/login', undefined, { username: 'redac', password: 'redac-password-123' })).token;
    const prefect = (await call('POST', '/api/auth/login', undefined, { username: 'prefet', password: 'prefet-password-123' })).token;
    const lines = [
      ...Array.from({ length: ELECTED }, (_, i) => `departmental_councillor;Élu ${i};Bench;;elu${i}@bench.example.org;+33612${String(i).padStart(6, '0')};non;bench-elected`),
      ...Array.from({ length: MEDIA }, (_, i) => `newsroom;Rédaction ${i};Bench;;redac${i}@media.example.org;;non;bench-media`),
    ];
    await call('POST', '/api/contacts/import?dryRun=false', admin, [HEADER, ...lines].join('\n'), 'text/csv');
    const lists = (await call('GET', '/api/contacts/lists', admin)) as { id: string; name: string }[] | { items: { id: string; name: string }[] };
    const all = Array.isArray(lists) ? lists : lists.items;
    const listId = (name: string) => all.find((l) => l.name === name)!.id;
    const event = await call('POST', '/api/events', prefect, { title: 'Crue de la Moselle', kind: 'flood', mode: 'real', communes: ['88160'] });
    await call('POST', `/api/events/${event.id}/cod-activation`, prefect, { decidedBy: 'M. le Préfet' });
    const draft = await call('POST', `/api/events/${event.id}/messages`, writer, {
      facts: 'La Moselle a dépassé la cote d’alerte à Épinal. Deux routes sont fermées.',
      instructions: 'Ne vous engagez pas sur les routes inondées.',
      nextUpdateAt: new Date(Date.now() + 2 * 3600_000).toISOString(),
      channels: { public: ['x', 'facebook'] },
      listIds: { elected: [listId('bench-elected')], media: [listId('bench-media')] },
    });
    await call('POST', `/api/messages/${draft.id}/approve`, prefect);

    const t0 = performance.now();
    const dispatched = await call('POST', `/api/messages/${draft.id}/dispatch`, prefect, {});
    // Times below are the app's own, on the database clock: the dispatch commit → the last outcome recorded.
    let peakMb = 0;
    const total = dispatched.deliveries as number;
    for (;;) {
      peakMb = Math.max(peakMb, memoryMb(child.pid!));
      const d = (await call('GET', `/api/events/${event.id}/deliveries`, prefect)) as { summary: Record<string, number>[] }[];
      const settled = d[0]?.summary.reduce((n, s) => n + s.total - s.queued - s.sending, 0) ?? 0;
      if (settled === total) break;
      if (performance.now() - t0 > 120_000) throw new Error(`only ${settled} of ${total} deliveries settled after 120 s`);
      // Not faster: on the embedded database this poll competes with the worker it measures.
      await new Promise((r) => setTimeout(r, 200));
    }
    const items: { channel: string; status: string; updatedAt: string }[] = [];
    for (let page = 1; items.length < total; page++) {
      const res = await call('GET', `/api/messages/${draft.id}/deliveries?pageSize=500&page=${page}`, prefect);
      items.push(...res.items);
      if (res.items.length === 0) break;
    }
    const message = ((await call('GET', `/api/events/${event.id}/messages`, prefect)) as { id: string; dispatchedAt: string }[]).find((m) => m.id === draft.id)!;
    const emails = items.filter((i) => i.channel === 'email');
    const lastEmail = Math.max(...emails.map((i) => Date.parse(i.updatedAt)));
    const emailSeconds = (lastEmail - Date.parse(message.dispatchedAt)) / 1000;
    const ourRate = emails.length / emailSeconds;
    const wallSeconds = (Math.max(...items.map((i) => Date.parse(i.updatedAt))) - Date.parse(message.dispatchedAt)) / 1000;
    const notSent = items.filter((i) => i.status !== 'sent').length;
    const peakHwm = memoryMb(child.pid!, 'VmHWM');
    const ratio = ourRate / rawRate;
    return [
      { figure: `raw nodemailer pool (5 connections) into the same SMTP server, ${ELECTED} emails`, value: `${rawRate.toFixed(0)} msg/s`, target: '-', ok: true },
      { figure: `our email path, dispatch → last of ${emails.length} emails recorded`, value: `${ourRate.toFixed(0)} msg/s`, target: '-', ok: true },
      { figure: 'our email path / raw nodemailer pool', value: `${(ratio * 100).toFixed(0)} %`, target: '>= 50 %', ok: ratio >= 0.5 },
      {
        figure: `whole dispatch: ${total} deliveries (email, SMS, X, Facebook), dispatch call → last recorded`,
        value: `${wallSeconds.toFixed(2)} s`,
        target: '< 5 s',
        ok: wallSeconds < 5 && notSent === 0,
      },
      {
        figure: 'app resident memory during the dispatch (peak of samples; VmHWM since start)',
        value: `${peakMb.toFixed(0)} / ${peakHwm.toFixed(0)} MB`,
        target: '< 400 MB',
        ok: Math.max(peakMb, peakHwm) < 400,
      },
      ...(notSent ? [{ figure: 'deliveries not sent in the dispatch bench', value: String(notSent), target: '0', ok: false }] : []),
    ];
  } finally {
    child.kill('SIGKILL');
    await peers.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await scratch?.drop();
  }
}
