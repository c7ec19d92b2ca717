import { approvedBulletin, benchDatabase, dispatchAndWait, electedEmailOf, importContacts, openEvent, staff, startApp } from './bench-app';
import { startPeersProcess } from './bench-peers';
import { rawNodemailerRate } from './bench-raw-pool';
import { BenchRow, cpuSeconds, memoryMb, median, withSpread } from './bench-support';

/**
 * The email path against a raw nodemailer pool sending the same emails (the
 * bulletin's own, rendered by the app), and the C2 dispatch (1,000
 * elected officials by email and SMS, 50 media by email, one X post and one
 * Facebook post), through real protocol peers on loopback.
 *
 * A ratio taken from two runs minutes apart measures the machine's mood as
 * much as the code: the raw pool and our path are run in turn (raw, ours, raw,
 * ours…) and the median of the pairs' ratios is the figure, printed with its
 * range. The app runs as its own process, the peers (the SMTP sink among them)
 * in another, and the raw pool here: no side pays for the sink's CPU.
 */
const ELECTED = 1000;
const MEDIA = 50;
const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
const C2_RUNS = Number(process.env.BENCH_C2_RUNS ?? 3);
export async function dispatchBench(mainJs: string, dbLabel: string): Promise<BenchRow[]> {
  const peers = await startPeersProcess();
  const db = await benchDatabase('dispatch');
  const app = await startApp(mainJs, { ...peers.env, ...db.env });
  try {
    const tokens = await staff(app);
    const { lists } = await importContacts(app, tokens.admin, 'bench-elected', ELECTED, MEDIA);
    const elected = lists.get('bench-elected')!;
    const media = lists.get('bench-elected-media')!;

    // Interleaved pairs: the raw pool, then our path with the same number of emails (one bulletin to the elected, email only).
    const emailEvent = await openEvent(app, tokens.prefect, 'Crue de la Moselle (courriels)');
    const raw: number[] = [];
    const ours: number[] = [];
    let bytes = 0;
    // CPU per email, the raw pool's process and the app's (its database too, when embedded): what a loaded machine changes least.
    const rawCpuMs: number[] = [];
    const oursCpuMs: number[] = [];
    for (let pair = 0; pair < PAIRS; pair++) {
      const id = await approvedBulletin(app, tokens, emailEvent, { audiences: ['elected'], channels: { elected: ['email'] }, listIds: { elected: [elected] } });
      // The raw pool sends the app's own email of this bulletin (sender, subject, parts, a reference header) to as many addresses.
      const mail = await electedEmailOf(app, tokens.prefect, id, peers.env.SMTP_FROM, 'bench-elected');
      bytes = Buffer.byteLength(mail.text) + Buffer.byteLength(mail.html ?? '');
      const rawCpu = process.cpuUsage();
      raw.push(await rawNodemailerRate(peers.env.SMTP_URL, ELECTED, mail));
      const used = process.cpuUsage(rawCpu);
      rawCpuMs.push((used.user + used.system) / 1000 / ELECTED);
      const appCpu = cpuSeconds(app.pid);
      const r = await dispatchAndWait(app, tokens.prefect, emailEvent, id);
      const email = r.byChannel.get('email')!;
      oursCpuMs.push(((cpuSeconds(app.pid) - appCpu) * 1000) / email.count);
      ours.push(email.count / email.seconds);
    }
    const ratios = raw.map((r, i) => ours[i] / r);
    const ratio = median(ratios);

    // The whole C2 dispatch, on a fresh event each run (its C2 facts are the first of the event).
    const wall: number[] = [];
    let peakMb = 0;
    let notSent = 0;
    let total = 0;
    for (let run = 0; run < C2_RUNS; run++) {
      const event = await openEvent(app, tokens.prefect, `Crue de la Moselle ${run + 1}`);
      const id = await approvedBulletin(app, tokens, event, { channels: { public: ['x', 'facebook'] }, listIds: { elected: [elected], media: [media] } });
      const r = await dispatchAndWait(app, tokens.prefect, event, id, () => (peakMb = Math.max(peakMb, memoryMb(app.pid))));
      wall.push(r.seconds);
      notSent += r.notSent;
      total = r.total;
    }
    const peakHwm = memoryMb(app.pid, 'VmHWM');
    const pct = (v: number) => `${(v * 100).toFixed(0)}`;
    return [
      {
        figure: `raw nodemailer pool (5 connections), ${ELECTED} emails, the app's own (text + HTML ${(bytes / 1024).toFixed(1)} KB) (${dbLabel})`,
        value: withSpread(raw, (v) => v.toFixed(0), ' msg/s'),
        target: '-',
        ok: true,
      },
      { figure: `our email path, dispatch → last of ${ELECTED} emails recorded (${dbLabel})`, value: withSpread(ours, (v) => v.toFixed(0), ' msg/s'), target: '-', ok: true },
      { figure: `  CPU per email: raw pool's process (${dbLabel})`, value: withSpread(rawCpuMs, (v) => v.toFixed(2), ' ms'), target: '-', ok: true },
      { figure: `  CPU per email: the app's process, dispatch to last recorded and the bench's polls (${dbLabel})`, value: withSpread(oursCpuMs, (v) => v.toFixed(2), ' ms'), target: '-', ok: true },
      { figure: `our email path / raw pool, median of ${PAIRS} interleaved pairs (${dbLabel})`, value: withSpread(ratios, pct, ' %'), target: '>= 80 %', ok: ratio >= 0.8 },
      {
        figure: `whole C2 dispatch: ${total} deliveries (email, SMS, X, Facebook), dispatch → last recorded (${dbLabel})`,
        value: withSpread(wall, (v) => v.toFixed(2), ' s'),
        target: '< 3 s',
        ok: median(wall) < 3 && notSent === 0,
      },
      {
        figure: `app resident memory during the dispatches (peak of samples / VmHWM since start) (${dbLabel})`,
        value: `${peakMb.toFixed(0)} / ${peakHwm.toFixed(0)} MB`,
        target: '< 400 MB',
        ok: Math.max(peakMb, peakHwm) < 400,
      },
      ...(notSent ? [{ figure: 'deliveries not sent in the dispatch bench', value: String(notSent), target: '0', ok: false }] : []),
    ];
  } finally {
    await app.stop();
    peers.stop();
    await db.drop();
  }
}
