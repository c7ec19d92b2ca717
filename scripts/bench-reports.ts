import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { createApp, RunningApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { formatParis } from '../src/domain/time/paris-time';
import { AuditService } from '../src/modules/audit/audit.service';
import { AuthService } from '../src/modules/auth/auth.service';
import { EventDecisionsService } from '../src/modules/events/event-decisions.service';
import { EventsService } from '../src/modules/events/events.service';
import { BenchRow, scratchDatabase } from './bench-support';

/**
 * The reports' figures, through HTTP on the app in this process:
 * - the PDF after-action report of an event with 2,000 deliveries (real rows
 *   inserted by SQL: 6 audience × channel lines, a few failures) and 300
 *   timeline entries (appended through AuditService, so the chain is real);
 *   memory = peak resident size during the request (sampled every 5 ms, and
 *   the process's high-water mark when it rose), minus the size just before;
 * - the annual commitments report (PDF) of 50 events of this year, each with
 *   an active COD and a fact (created through the services).
 */
const ADMIN_PASSWORD = 'bench-admin-password';
const MB = 1024 * 1024;

export async function reportsBench(dbLabel: string): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crisis-bench-reports-'));
  const serverUrl = process.env.DATABASE_URL;
  const scratch = serverUrl ? await scratchDatabase(serverUrl, 'reports') : undefined;
  const config = loadConfig({
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ADMIN_PASSWORD,
    DELIVERY_WORKER: 'false',
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
  });
  let running: RunningApp | undefined;
  try {
    running = await createApp(config, { logStream: new Writable({ write: (_c, _e, cb) => cb() }) });
    await running.app.listen(0, '127.0.0.1');
    const { port } = running.app.getHttpServer().address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const { token } = await running.app.get(AuthService).login('admin', ADMIN_PASSWORD, '127.0.0.1');
    const ds = running.app.get(DataSource);
    const events = running.app.get(EventsService);
    const decisions = running.app.get(EventDecisionsService);
    const audit = running.app.get(AuditService);

    // The big event: COD, 2,000 deliveries, 300 timeline entries in all.
    const big = await events.create({ title: 'Crue de la Moselle — bench', kind: 'flood', mode: 'real', communes: ['88160'] }, 'bench');
    await decisions.activateCod(big.id, { decidedBy: 'M. le Préfet' }, 'bench');
    await ds.query(
      `WITH c AS (
         INSERT INTO delivery_contents (event_id, message_id, audience, channel, subject, text, marker, exercise, factual, first_accepted_at)
         SELECT $1, gen_random_uuid(), a, ch, 'Point de situation', 'La Moselle déborde à Épinal.', '[PREF88-B' || n || ']', false, true, clock_timestamp()
           FROM (VALUES ('elected', 'email', 1), ('elected', 'sms', 2), ('media', 'email', 3), ('media', 'sms', 4), ('public', 'email', 5), ('public', 'sms', 6)) v(a, ch, n)
         RETURNING id, message_id, audience, channel)
       INSERT INTO deliveries (content_id, event_id, message_id, audience, channel, contact_id, recipient_name, address, status, attempts, accepted_at, proof, last_error)
       SELECT c.id, $1, c.message_id, c.audience, c.channel, gen_random_uuid(), 'Destinataire ' || g, 'dest' || g || '@example.org',
              CASE WHEN g % 97 = 0 THEN 'failed' ELSE 'sent' END, 1,
              CASE WHEN g % 97 = 0 THEN NULL ELSE clock_timestamp() + make_interval(secs => g * 0.01) END,
              CASE WHEN g % 97 = 0 THEN NULL ELSE jsonb_build_object('response', '250 OK') END,
              CASE WHEN g % 97 = 0 THEN '550 mailbox unavailable' END
         FROM c, generate_series(1, 334) g
        LIMIT 2000`,
      [big.id],
    );
    const [{ n: existing }] = await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE subject_type = 'event' AND subject_id = $1`, [big.id]);
    for (let i = existing; i < 300; i++) {
      await audit.append({ actor: 'bench', action: 'delivery.results', subjectType: 'event', subjectId: big.id, payload: { counts: { sent: i, failed: 0 } } });
    }
    const [{ deliveries }] = await ds.query('SELECT count(*)::int AS deliveries FROM deliveries WHERE event_id = $1', [big.id]);
    const [{ entries }] = await ds.query(`SELECT count(*)::int AS entries FROM audit_log WHERE (subject_type = 'event' AND subject_id = $1) OR payload->>'eventId' = $1`, [big.id]);

    // 49 more events this year, each with a COD and a manual fact for the elected: 50 in the annual report.
    for (let i = 1; i <= 49; i++) {
      const e = await events.create({ title: `Événement ${i}`, kind: 'storm', mode: i % 5 === 0 ? 'exercise' : 'real', communes: ['88160'] }, 'bench');
      await decisions.activateCod(e.id, { decidedBy: 'M. le Préfet' }, 'bench');
      await decisions.recordManualFact(e.id, { audience: 'elected', description: 'Appel aux maires', means: 'téléphone' }, 'bench');
    }
    const year = formatParis(new Date()).slice(6, 10);

    const timed = async (path: string) => {
      (globalThis as { gc?: () => void }).gc?.();
      const before = process.memoryUsage().rss;
      const hwmBefore = process.resourceUsage().maxRSS * 1024;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
      const t0 = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
      const body = Buffer.from(await res.arrayBuffer());
      const ms = performance.now() - t0;
      clearInterval(sampler);
      // The 5 ms sampler cannot run while the PDF is drawn synchronously; a peak above the
      // process's high-water mark of before shows in maxRSS, so the figure misses no peak.
      const hwmAfter = process.resourceUsage().maxRSS * 1024;
      peak = Math.max(peak, process.memoryUsage().rss, hwmAfter > hwmBefore ? hwmAfter : 0);
      if (res.status !== 200 || body.subarray(0, 5).toString() !== '%PDF-') throw new Error(`${path}: ${res.status} ${body.subarray(0, 200).toString()}`);
      return { ms, extraMb: (peak - before) / MB, kb: body.length / 1024 };
    };
    await timed(`/api/events/${big.id}/report.pdf`); // warm-up: fonts and code paths loaded once
    const pdf = await timed(`/api/events/${big.id}/report.pdf`);
    const annual = await timed(`/api/reports/commitments?year=${year}&format=pdf`);
    return [
      {
        figure: `after-action report PDF, ${deliveries} deliveries, ${entries} timeline entries (${pdf.kb.toFixed(0)} KB) (${dbLabel})`,
        value: `${(pdf.ms / 1000).toFixed(2)} s`,
        target: '< 2 s',
        ok: pdf.ms < 2000,
      },
      { figure: 'resident memory above the app’s own while generating it', value: `${pdf.extraMb.toFixed(1)} MB`, target: '< 150 MB', ok: pdf.extraMb < 150 },
      { figure: `annual commitments report PDF, 50 events (${dbLabel})`, value: `${(annual.ms / 1000).toFixed(2)} s`, target: '< 3 s', ok: annual.ms < 3000 },
    ];
  } finally {
    await running?.close();
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
