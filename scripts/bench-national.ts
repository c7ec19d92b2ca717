import { Client } from 'pg';
import { AppProcess, approvedBulletin, benchDatabase, importContacts, openEvent, staff, startApp } from './bench-app';
import { startPeersProcess } from './bench-peers';
import { BenchRow, memoryMb, sleep } from './bench-support';

/**
 * The ministry's national case: every mayor of France (~35,000) by email and
 * SMS at once, on PostgreSQL. Timed on the database clock, from the dispatch
 * commit to the last outcome recorded, with the app's resident memory sampled
 * throughout; then the same with a second app process (a second worker) on
 * the same database. The CSV import of the 35,000 contacts is timed too.
 */
const RECIPIENTS = Number(process.env.BENCH_NATIONAL ?? 35_000);

async function settle(db: Client, messageId: string, apps: AppProcess[], timeoutMs: number): Promise<{ seconds: number; total: number; notSent: number; peakMb: number }> {
  let peakMb = 0;
  const t0 = Date.now();
  for (;;) {
    for (const a of apps) peakMb = Math.max(peakMb, memoryMb(a.pid));
    const [row] = (
      await db.query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE d.status IN ('queued', 'sending'))::int AS open, count(*) FILTER (WHERE d.status <> 'sent')::int AS not_sent,
                extract(epoch FROM max(d.updated_at) - m.dispatched_at) AS seconds
           FROM deliveries d JOIN messages m ON m.id = d.message_id WHERE d.message_id = $1 GROUP BY m.dispatched_at`,
        [messageId],
      )
    ).rows as { total: number; open: number; not_sent: number; seconds: string }[];
    if (row && row.open === 0) return { seconds: Number(row.seconds), total: row.total, notSent: row.not_sent, peakMb };
    if (Date.now() - t0 > timeoutMs) throw new Error(`national dispatch not settled after ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

export async function nationalBench(mainJs: string): Promise<BenchRow[]> {
  if (!process.env.DATABASE_URL) return [{ figure: `national scale (${RECIPIENTS} email + ${RECIPIENTS} SMS)`, value: 'skipped: needs DATABASE_URL', target: '-', ok: true }];
  const peers = await startPeersProcess();
  const database = await benchDatabase('national');
  const env = { ...peers.env, ...database.env };
  const apps: AppProcess[] = [await startApp(mainJs, env)];
  const db = new Client({ connectionString: database.env.DATABASE_URL });
  await db.connect();
  try {
    const [app] = apps;
    const tokens = await staff(app);
    const imported = await importContacts(app, tokens.admin, 'national', RECIPIENTS);
    const list = imported.lists.get('national')!;
    // Each figure as it comes: the whole section takes minutes.
    const say = (s: string) => process.stdout.write(`national: ${s}\n`);
    say(`CSV import of ${RECIPIENTS} contacts in ${(imported.ms / 1000).toFixed(1)} s`);
    const baseMb = memoryMb(app.pid);
    const run = async (title: string) => {
      const event = await openEvent(app, tokens.prefect, title);
      const id = await approvedBulletin(app, tokens, event, { audiences: ['elected'], channels: { elected: ['email', 'sms'] }, listIds: { elected: [list] } });
      await app.call('POST', `/api/messages/${id}/dispatch`, tokens.prefect, {});
      return settle(db, id, apps, 900_000);
    };
    const one = await run('Alerte nationale (un worker)');
    say(`one worker: ${one.total} deliveries in ${one.seconds.toFixed(1)} s, peak RSS ${one.peakMb.toFixed(0)} MB`);
    apps.push(await startApp(mainJs, env));
    const two = await run('Alerte nationale (deux workers)');
    const speedUp = one.seconds / two.seconds;
    const label = `${RECIPIENTS} email + ${RECIPIENTS} SMS on PostgreSQL`;
    return [
      { figure: `CSV import of ${RECIPIENTS} contacts (email and mobile, one list)`, value: `${(imported.ms / 1000).toFixed(1)} s`, target: '< 20 s', ok: imported.ms < 20_000 },
      { figure: `${label}, one worker: dispatch → last recorded`, value: `${one.seconds.toFixed(1)} s`, target: '< 60 s', ok: one.seconds < 60 && one.notSent === 0 },
      { figure: `${label}, one worker: app resident memory (after import → peak during)`, value: `${baseMb.toFixed(0)} → ${one.peakMb.toFixed(0)} MB`, target: '< 400 MB', ok: one.peakMb < 400 },
      { figure: `${label}, two worker processes: dispatch → last recorded`, value: `${two.seconds.toFixed(1)} s`, target: '-', ok: two.notSent === 0 },
      { figure: `${label}, two workers / one worker speed-up`, value: `${speedUp.toFixed(2)} ×`, target: '>= 1.6 ×', ok: speedUp >= 1.6 },
      { figure: `${label}, two workers: peak resident memory of either app`, value: `${two.peakMb.toFixed(0)} MB`, target: '< 400 MB', ok: two.peakMb < 400 },
      ...(one.notSent + two.notSent ? [{ figure: 'national deliveries not sent', value: String(one.notSent + two.notSent), target: '0', ok: false }] : []),
    ];
  } finally {
    await db.end();
    for (const a of apps) await a.stop();
    peers.stop();
    await database.drop();
  }
}
