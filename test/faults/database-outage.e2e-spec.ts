import request from 'supertest';
import { waitFor } from '../events/support';
import { BULLETIN, CSV_HEADER, inHours } from '../messages/support';
import { ChannelPeers, FB_PAGE, startChannelPeers, X_USER } from '../peers/channel-peers';
import { AppProcess, freePort, staffTokens, startProcess, waitForHealth } from '../support/processes';
import { TcpProxy } from '../support/tcp-proxy';
import { createRealDatabase, describeRealPostgres } from '../support/test-database';
import type { DatabaseHandle } from '../../src/database/database-handle';

const ADMIN_PASSWORD = 'db-outage-admin-password';
const RECIPIENTS = 300;
const PUBLIC_BULLETINS = 3;
const OUTAGE_MS = 20_000;
const CUT_AFTER_EMAILS = 80;

/**
 * SIGTERM, and the app says it stopped: everything closed, none of its pools
 * left waiting on a connection the outage killed (the live cluster's pool did).
 */
async function expectCleanStop(app: AppProcess): Promise<void> {
  app.child.kill('SIGTERM');
  expect(await app.exited).toBe(0);
  expect(app.output()).toContain('"msg":"stopped"');
}

/** One health probe, with its own deadline: a health check that hangs is as bad as none. */
async function probeHealth(port: number, timeoutMs = 5_000): Promise<{ status: number; body: Record<string, any>; ms: number }> {
  const started = Date.now();
  const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, body: (await res.json()) as Record<string, any>, ms: Date.now() - started };
}

/**
 * PostgreSQL unreachable for 20 s while a bulletin goes out to 300 emails and
 * several X and Facebook posts (a TCP proxy between the app and the server, cut
 * and restored). Meanwhile /api/health answers 503 degraded, quickly; after it
 * the app recovers by itself (no restart): every recipient reached at least
 * once, each post on its account exactly once, every delivery recorded as sent.
 */
describeRealPostgres('the database unreachable for 20 s mid-dispatch', () => {
  jest.setTimeout(300_000);
  let peers: ChannelPeers;
  let db: DatabaseHandle | undefined;
  let proxy: TcpProxy | undefined;
  let app: AppProcess | undefined;

  beforeAll(async () => {
    peers = await startChannelPeers();
    db = await createRealDatabase();
    const target = new URL(db.url);
    proxy = await new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) }).start();
  });
  afterAll(async () => {
    proxy?.restore();
    if (app && app.child.exitCode === null) {
      app.child.kill('SIGTERM');
      await app.exited;
    }
    await proxy?.stop();
    await peers?.stop();
    await db?.stop();
  });

  const viaProxy = () => {
    const url = new URL(db!.url);
    url.hostname = '127.0.0.1';
    url.port = String(proxy!.port);
    return url.toString();
  };

  it('says degraded during the outage, then recovers by itself and loses nothing', async () => {
    const port = await freePort();
    // Emails at 40 a second: the 300 take several seconds, the cut lands in the middle.
    const env = {
      ...peers.env,
      DATABASE_URL: viaProxy(),
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      DELIVERY_LEASE_SECONDS: '5',
      DELIVERY_POLL_MS: '100',
      DELIVERY_RECONCILE_AFTER_SECONDS: '1',
      DELIVERY_RETRY_BASE_SECONDS: '1',
      DELIVERY_BATCH_SIZE: '50',
      DELIVERY_RATE_LIMITS: 'email=40,x=1,facebook=1',
    };
    app = startProcess(env);
    await waitForHealth(port, 120_000);
    const http = () => request(`http://127.0.0.1:${port}`);
    const { admin, writer, prefect, login } = await staffTokens(http, ADMIN_PASSWORD);
    const lines = Array.from({ length: RECIPIENTS }, (_, i) => `departmental_councillor;Conseiller ${i};Conseil départemental des Vosges;;cd${i}@cd88.example.org;;non;outage`);
    await http()
      .post('/api/contacts/import?dryRun=false')
      .set('Authorization', `Bearer ${admin}`)
      .set('Content-Type', 'text/csv')
      .send([CSV_HEADER, ...lines].join('\n'))
      .expect((r) => {
        if (r.status >= 300) throw new Error(`import ${r.status} ${JSON.stringify(r.body)}`);
      });
    const lists = (await http().get('/api/contacts/lists').set('Authorization', `Bearer ${admin}`).expect(200)).body;
    const listId = (Array.isArray(lists) ? lists : lists.items).find((l: { name: string }) => l.name === 'outage').id;
    const event = (
      await http()
        .post('/api/events')
        .set('Authorization', `Bearer ${prefect}`)
        .send({ title: 'Crue de la Moselle', kind: 'flood', mode: 'real', communes: ['88160'] })
        .expect(201)
    ).body;

    // The bulletin to the councillors, on X and Facebook too; then more public bulletins, so that posts are in flight at the cut.
    const messages: { id: string; marker: string }[] = [];
    const main = (
      await http()
        .post(`/api/events/${event.id}/messages`)
        .set('Authorization', `Bearer ${writer}`)
        .send({ ...BULLETIN, nextUpdateAt: inHours(2), audiences: ['elected', 'public'], channels: { elected: ['email'], public: ['x', 'facebook'] }, listIds: { elected: [listId] } })
        .expect(201)
    ).body;
    messages.push(main);
    for (let i = 1; i <= PUBLIC_BULLETINS; i++) {
      messages.push(
        (
          await http()
            .post(`/api/events/${event.id}/messages`)
            .set('Authorization', `Bearer ${writer}`)
            .send({
              audiences: ['public'],
              channels: { public: ['x', 'facebook'] },
              facts: `Point ${i} : la Moselle à ${4 + i} m à Épinal.`,
              instructions: 'Évitez les berges.',
              nextUpdateAt: inHours(2),
            })
            .expect(201)
        ).body,
      );
    }
    for (const m of messages) await http().post(`/api/messages/${m.id}/approve`).set('Authorization', `Bearer ${prefect}`).expect(200);

    for (const m of messages) {
      const res = await http().post(`/api/messages/${m.id}/dispatch`).set('Authorization', `Bearer ${prefect}`).send({});
      if (res.status !== 200) throw new Error(`dispatch ${res.status} ${JSON.stringify(res.body)}; app output:\n${app.output().slice(-3000)}`);
    }
    // The cut is armed once every dispatch has answered (on a loaded machine the 80th email could
    // otherwise come before the last dispatch, which then met the outage instead of the worker).
    let acceptedAtCut = -1;
    const cutNow = (count: number) => {
      proxy!.cut();
      acceptedAtCut = count;
    };
    const cut = new Promise<void>((resolve) => {
      if (peers.smtp.accepted >= CUT_AFTER_EMAILS) {
        cutNow(peers.smtp.accepted);
        return resolve();
      }
      peers.smtp.onAccepted = (count) => {
        if (count >= CUT_AFTER_EMAILS && acceptedAtCut < 0) {
          cutNow(count);
          resolve();
        }
      };
    });
    await cut;
    peers.smtp.onAccepted = undefined;
    const cutAt = Date.now();
    // The cut landed in the middle of the emails: some were still to send.
    expect(acceptedAtCut).toBeLessThan(RECIPIENTS);
    const postsAtCut = { x: peers.x.postsOf(X_USER).length, facebook: peers.facebook.postsOf(FB_PAGE).length };

    // During the outage: the app stays up, and /api/health answers 503 degraded, quickly, each time.
    const probes: { status: number; ms: number }[] = [];
    while (Date.now() - cutAt < OUTAGE_MS) {
      const p = await probeHealth(port).catch((e: Error) => {
        throw new Error(`/api/health did not answer during the outage: ${e.message}; app output:\n${app!.output().slice(-3000)}`);
      });
      expect(p.status).toBe(503);
      expect(p.body.status).toBe('degraded');
      expect(p.body.database.status).toBe('down');
      probes.push({ status: p.status, ms: p.ms });
      await new Promise((r) => setTimeout(r, 2_000));
    }
    expect(app.child.exitCode).toBeNull();
    expect(proxy!.refused).toBeGreaterThan(0);
    const acceptedDuringCut = peers.smtp.accepted;
    proxy!.restore();

    // Recovery by itself: the same process, healthy again.
    const healthy = await waitForHealth(port, 60_000);
    expect(healthy.body.status).toBe('ok');
    const recoveredInMs = Date.now() - cutAt - OUTAGE_MS;
    expect(app.child.exitCode).toBeNull();

    const token = await login('prefet', 'prefet-password-123');
    let last: unknown;
    const rows = await waitFor(
      'every delivery recorded as sent',
      async () => {
        const all: { id: string; channel: string; address: string | null; status: string }[] = [];
        for (const m of messages) {
          const res = await http().get(`/api/messages/${m.id}/deliveries?pageSize=500`).set('Authorization', `Bearer ${token}`);
          if (res.status !== 200) return null;
          last = res.body.summary;
          all.push(...res.body.items);
        }
        return all.every((d) => d.status === 'sent') ? all : null;
      },
      150_000,
    ).catch((e) => {
      throw new Error(`${(e as Error).message}; last summary ${JSON.stringify(last)}; app output:\n${app!.output().slice(-3000)}`);
    });
    expect(rows.filter((r) => r.channel === 'email')).toHaveLength(RECIPIENTS);
    expect(rows.filter((r) => r.channel === 'x')).toHaveLength(messages.length);
    expect(rows.filter((r) => r.channel === 'facebook')).toHaveLength(messages.length);

    // every councillor reached at least once (the SMTP peer's own log).
    const received = new Set(peers.smtp.received.flatMap((m) => m.envelope.to));
    expect(lines.map((_, i) => `cd${i}@cd88.example.org`).filter((a) => !received.has(a))).toEqual([]);
    // Each bulletin exactly once on each account (the X and Facebook peers' own logs).
    const onX = peers.x.postsOf(X_USER);
    const onFacebook = peers.facebook.postsOf(FB_PAGE);
    expect(messages.map((m) => onX.filter((p) => p.text.includes(m.marker)).length)).toEqual(messages.map(() => 1));
    expect(messages.map((m) => onFacebook.filter((p) => p.message.includes(m.marker)).length)).toEqual(messages.map(() => 1));

    const duplicates = peers.smtp.received.length - received.size;
    // eslint-disable-next-line no-console
    console.log(
      `database outage: cut after ${acceptedAtCut} emails accepted (${acceptedDuringCut} by the end of the cut), ${probes.length} health probes all 503 degraded (slowest ${Math.max(...probes.map((p) => p.ms))} ms), ` +
        `healthy again ${recoveredInMs} ms after the restore, ${postsAtCut.x} X and ${postsAtCut.facebook} Facebook posts before the cut; ${peers.smtp.received.length} emails for ${RECIPIENTS} councillors (${duplicates} sent twice), ${onX.length} X and ${onFacebook.length} Facebook posts for ${messages.length} bulletins`,
    );
    await expectCleanStop(app);
  });

  it('a silent partition (nothing answered, no reset): health says degraded within seconds, never hangs, and recovers', async () => {
    // A failure of the first case may have left the database cut off, and its app running.
    proxy!.restore();
    if (app && app.child.exitCode === null) {
      app.child.kill('SIGTERM');
      await app.exited;
    }
    const port = await freePort();
    app = startProcess({ ...peers.env, DATABASE_URL: viaProxy(), PORT: String(port), HOST: '127.0.0.1', ADMIN_PASSWORD, LOG_LEVEL: 'warn', DELIVERY_POLL_MS: '100' });
    await waitForHealth(port, 120_000);
    proxy!.cut('silent');
    const cutAt = Date.now();
    // The pooled connections hang and new ones are never answered: each probe must still come back, degraded.
    const probes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const p = await probeHealth(port, 15_000).catch((e: Error) => {
        throw new Error(`/api/health hung during a silent partition: ${e.message}; app output:\n${app!.output().slice(-3000)}`);
      });
      expect(p.status).toBe(503);
      expect(p.body.status).toBe('degraded');
      expect(p.ms).toBeLessThan(10_000);
      probes.push(p.ms);
    }
    expect(app.child.exitCode).toBeNull();
    proxy!.restore();
    const healthy = await waitForHealth(port, 60_000);
    expect(healthy.body.status).toBe('ok');
    // eslint-disable-next-line no-console
    console.log(`silent partition: health probes answered 503 degraded in ${probes.join(', ')} ms; healthy again ${Date.now() - cutAt} ms after the cut`);
    await expectCleanStop(app);
  });
});
