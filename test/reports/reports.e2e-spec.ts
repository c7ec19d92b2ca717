import { parse } from 'csv-parse/sync';
import { COMMITMENT_KEYS } from '../../src/domain/events/commitment-clocks';
import { STATUS_FR } from '../../src/domain/reports/report-text';
import { formatParis } from '../../src/domain/time/paris-time';
import { EventReportService } from '../../src/modules/reports/event-report.service';
import { ACK_SECRET, CellPeers, standardCell } from '../cell/support';
import { createEvent, waitFor } from '../events/support';
import { BULLETIN, importContacts, inHours, settled } from '../messages/support';
import { startTestApp, TestApp } from '../support/test-app';
import { pdfText } from './pdf-text';

type Clock = { key: string; status: string; startedAt: string | null; dueAt: string | null; metAt: string | null; elapsedMinutes: number | null; manual: boolean };

const minutesFr = (n: number | null) => (n === null ? '—' : n.toFixed(1).replace('.', ','));
const paris = (iso: string | null) => (iso ? formatParis(new Date(iso)) : '—');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- superagent's parser signature
const binary = (res: any, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * The after-action report, the timeline CSV and the annual report of events
 * run through the real product: COD, the cell paged by SMTP and SMS peers and
 * acknowledged, a bulletin accepted by the SMTP peer (C2), a manual fact, the
 * CIP ordered and opened. Every number in the reports must equal the API's.
 */
describe('reports: after-action report, timeline CSV, annual commitments report', () => {
  jest.setTimeout(240_000);
  let peers: CellPeers;
  let t: TestApp;
  let duty: { token: string; username: string };
  let writer: string;
  let prefect: string;
  let reviewer: string;
  let eventId: string;
  let apiClocks: Clock[];

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const clocksOf = async (id: string) => (await t.http().get(`/api/events/${id}/commitments`).set(auth(reviewer)).expect(200)).body.commitments as Clock[];

  beforeAll(async () => {
    peers = await new CellPeers().start();
    t = await startTestApp({ ...peers.env(), CELL_ACK_SECRET: ACK_SECRET, DELIVERY_WORKER: 'true', DELIVERY_POLL_MS: '100' });
    const admin = await t.adminToken();
    // A username that begins with "-": a spreadsheet would read it as a formula.
    duty = await t.userWithRole('duty_officer', '-astreinte');
    writer = (await t.userWithRole('communication', 'redactrice')).token;
    prefect = (await t.userWithRole('prefect', 'prefet')).token;
    reviewer = (await t.userWithRole('reviewer', 'auditrice')).token;
    await standardCell(t, admin);
    const listId = await importContacts(
      t,
      admin,
      [
        'mayor;Sophie Marchal;Mairie d’Épinal;88160;maire.epinal@vosges.example.org;;non;rapport-elus',
        'mayor;Jean Vologne;Mairie de Docelles;88135;maire.docelles@vosges.example.org;;non;rapport-elus',
      ],
      'rapport-elus',
    );

    const event = await createEvent(t, duty.token, { title: '=HYPERLINK("http://evil.example/x") Crue de la Moselle', kind: 'flood', synergiRef: 'SYN-88-0042' });
    eventId = event.id;
    await t.http().post(`/api/events/${eventId}/cod-activation`).set(auth(duty.token)).send({ decidedBy: 'M. le Préfet' }).expect(200);

    // The cell: paged by email and SMS through the peers, every page acknowledged from the console.
    const call = await t.http().post(`/api/events/${eventId}/cell-activation`).set(auth(duty.token));
    expect(call.status).toBe(201);
    for (const p of call.body.pages as { id: string }[]) await t.http().post(`/api/events/${eventId}/cell/pages/${p.id}/ack`).set(auth(duty.token)).expect(200);

    // C2: a bulletin to the mayors by email (the SMTP peer accepts it) and the public page.
    const draft = await t
      .http()
      .post(`/api/events/${eventId}/messages`)
      .set(auth(writer))
      .send({ ...BULLETIN, nextUpdateAt: inHours(2), listIds: { elected: [listId] } });
    expect(draft.status).toBe(201);
    await t.http().post(`/api/messages/${draft.body.id}/approve`).set(auth(prefect)).expect(200);
    await t.http().post(`/api/messages/${draft.body.id}/dispatch`).set(auth(prefect)).send({}).expect(200);
    await settled(t, prefect, draft.body.id);
    // The media by phone: a manual fact.
    await t.http().post(`/api/events/${eventId}/facts`).set(auth(duty.token)).send({ audience: 'media', description: 'Appel à France Bleu Sud Lorraine', means: 'téléphone' }).expect(201);
    // The CIP, ordered with the national number, then opened.
    await t.http().post(`/api/events/${eventId}/cip-order`).set(auth(duty.token)).send({ nationalNumber: '0 800 130 000', orderedBy: 'M. le Préfet' }).expect(200);
    await t.http().post(`/api/events/${eventId}/cip-opened`).set(auth(duty.token)).send({}).expect(200);

    apiClocks = await waitFor('C1 met', async () => {
      const c = await clocksOf(eventId);
      return c.find((x) => x.key === 'C1')!.status === 'met' && c;
    });
  });

  afterAll(async () => {
    await t?.close();
    await peers?.stop();
  });

  it('the report holds the very clocks of GET /api/events/:id/commitments', async () => {
    expect(apiClocks.map((c) => `${c.key}:${c.status}`)).toEqual(['C1:met', 'C2-elected:met', 'C2-public:met', 'C2-media:met', 'C4:met']);
    expect(apiClocks.find((c) => c.key === 'C2-media')!.manual).toBe(true);
    const report = await t.app.get(EventReportService).collect(eventId);
    const pick = (c: Clock) => ({ key: c.key, status: c.status, startedAt: c.startedAt, dueAt: c.dueAt, metAt: c.metAt, elapsedMinutes: c.elapsedMinutes, manual: c.manual });
    expect(report.commitments.map(pick)).toEqual(apiClocks.map(pick));
    expect(report.commitments.find((c) => c.key === 'C2-elected')!.fact).toBe('Élus : premier message accepté par courriel');
    expect(report.commitments.find((c) => c.key === 'C2-media')!.fact).toMatch(/^Médias : Appel à France Bleu Sud Lorraine \(téléphone, saisi par -astreinte\)$/);
    expect(report.cip).toMatchObject({ nationalNumber: '+33800130000', orderedBy: 'M. le Préfet' });
    expect(report.cell.pages).toHaveLength(4);
    expect(report.cell.pages.every((p) => p.ackedAt && p.ackedVia === 'console')).toBe(true);
    const elected = report.deliveries.find((d) => d.audience === 'elected' && d.channel === 'email')!;
    expect(elected).toMatchObject({ total: 2, counts: { sent: 2 }, failedCount: 0 });
    expect(elected.firstAcceptedAt).toBe(apiClocks.find((c) => c.key === 'C2-elected')!.metAt);
    expect(report.exercise).toBeNull();
    expect(report.debriefs).toEqual([]);
  });

  it('the Markdown and the PDF (read back with pdftotext) show each clock with its status word and elapsed minutes', async () => {
    const md = await t.http().get(`/api/events/${eventId}/report.md`).set(auth(reviewer));
    expect(md.status).toBe(200);
    expect(md.headers['content-type']).toMatch(/^text\/markdown; charset=utf-8/);
    expect(md.headers['content-disposition']).toMatch(/^attachment; filename="rapport-hyperlink-http-evil-example-x-crue-de-la-moselle-\d{4}-\d{2}-\d{2}\.md"$/);
    for (const c of apiClocks) {
      expect(md.text).toContain(`| ${c.key} | ${paris(c.startedAt)} | ${paris(c.dueAt)} | ${STATUS_FR[c.status as keyof typeof STATUS_FR]} | ${paris(c.metAt)} | ${minutesFr(c.elapsedMinutes)} |`);
    }
    expect(md.text).toContain('**Référence SYNERGI** : SYN-88-0042');
    expect(md.text).toContain('**Numéro national (NNIP)** : +33800130000');

    const pdf = await t.http().get(`/api/events/${eventId}/report.pdf`).set(auth(reviewer)).buffer(true).parse(binary);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/filename="rapport-.*\.pdf"/);
    const text = pdfText(pdf.body as Buffer).replace(/[ \t]+/g, ' ');
    expect(text).toContain('3. Engagements');
    for (const c of apiClocks) {
      const row = new RegExp(`${c.key} ${paris(c.startedAt)} ${paris(c.dueAt)} ${STATUS_FR[c.status as keyof typeof STATUS_FR]} ${paris(c.metAt)} ${minutesFr(c.elapsedMinutes).replace(',', ',')}`);
      expect(text).toMatch(row);
    }
    expect(text).toMatch(/Page 1 \/ \d+/);
  });

  it('the timeline CSV: BOM, CRLF, neutralised formula cells, and it parses back to the rows of the timeline API', async () => {
    const res = await t.http().get(`/api/events/${eventId}/timeline.csv`).set(auth(reviewer)).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = (res.body as Buffer).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toMatch(/\r\n$/);
    const rows: string[][] = parse(text, { bom: true, delimiter: ';' });
    const api = (await t.http().get(`/api/events/${eventId}/timeline`).set(auth(reviewer)).expect(200)).body.entries as {
      seq: number;
      atParis: string;
      tPlusMinutes: number | null;
      actor: string;
      action: string;
      label: string;
    }[];
    expect(rows[0]).toEqual(['seq', 'heure_paris', 't_plus_minutes', 'acteur', 'action', 'libelle']);
    const inert = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
    expect(rows.slice(1)).toEqual(api.map((e) => [String(e.seq), e.atParis, e.tPlusMinutes === null ? '' : String(e.tPlusMinutes), inert(e.actor), e.action, inert(e.label)]));
    // The duty officer "-astreinte" comes out prefixed; nothing in the file begins a cell with a formula character.
    expect(rows.some((r) => r[3] === "'-astreinte")).toBe(true);
    for (const r of rows) for (const cell of r.slice(3)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('the annual report counts exactly the clocks of the year’s events, real and exercise apart', async () => {
    const exercise = await createEvent(t, duty.token, { title: 'Exercice inondation', mode: 'exercise', kind: 'flood' });
    await t.http().post(`/api/events/${exercise.id}/cod-activation`).set(auth(duty.token)).send({ decidedBy: 'M. le Préfet' }).expect(200);
    const quiet = await createEvent(t, duty.token, { title: '@SUM(1+1) veille météo' });
    const year = Number(formatParis(new Date()).slice(6, 10));
    const res = await t.http().get(`/api/reports/commitments?year=${year}&format=json`).set(auth(reviewer)).expect(200);
    const events = res.body.events as { id: string; mode: string; placedBy: string; clocks: { key: string; status: string; elapsedMinutes: number | null }[] }[];
    expect(events.map((e) => e.id).sort()).toEqual([eventId, exercise.id, quiet.id].sort());
    expect(events.find((e) => e.id === quiet.id)!.placedBy).toBe('creation');
    expect(events.find((e) => e.id === eventId)!.placedBy).toBe('cod_decision');

    const clocks: Record<string, Clock[]> = {};
    for (const id of [eventId, exercise.id, quiet.id]) clocks[id] = await clocksOf(id);
    for (const e of events) expect(e.clocks.map((c) => [c.key, c.status, c.elapsedMinutes])).toEqual(clocks[e.id].map((c) => [c.key, c.status, c.elapsedMinutes]));
    for (const mode of ['real', 'exercise']) {
      for (const key of COMMITMENT_KEYS) {
        const mine = events.filter((e) => e.mode === mode).map((e) => clocks[e.id].find((c) => c.key === key)!);
        const s = (res.body.stats as { key: string; mode: string; met: number; missed: number; pending: number; notStarted: number }[]).find((x) => x.key === key && x.mode === mode)!;
        expect([s.met, s.missed, s.pending, s.notStarted]).toEqual(['met', 'missed', 'pending', 'not_started'].map((st) => mine.filter((c) => c.status === st).length));
      }
    }

    const csv = await t.http().get(`/api/reports/commitments?year=${year}&format=csv`).set(auth(reviewer)).buffer(true).parse(binary);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="engagements-${year}.csv"`);
    const rows: string[][] = parse((csv.body as Buffer).toString('utf8'), { bom: true, delimiter: ';' });
    expect(rows).toHaveLength(1 + 3 * 5);
    expect(rows.filter((r) => r[0] === eventId).every((r) => r[2] === '\'=HYPERLINK("http://evil.example/x") Crue de la Moselle')).toBe(true);
    expect(rows.filter((r) => r[0] === quiet.id).every((r) => r[2] === "'@SUM(1+1) veille météo")).toBe(true);

    const pdf = await t.http().get(`/api/reports/commitments?year=${year}`).set(auth(reviewer)).buffer(true).parse(binary);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.body as Buffer).replace(/[ \t]+/g, ' ');
    expect(text).toContain(`Rapport annuel des engagements — ${year}`);
    expect(text).toContain('Événements réels (2)');
    expect(text).toContain('Exercices (1)');

    const empty = await t.http().get(`/api/reports/commitments?year=2001&format=json`).set(auth(reviewer)).expect(200);
    expect(empty.body.events).toEqual([]);
  });

  it.each([
    ['unknown event', '/api/events/3f2b8c1e-0a4d-4c9b-9a57-2d1e6f0b7c11/report.pdf', 404, /No major event/],
    ['unknown event (Markdown)', '/api/events/3f2b8c1e-0a4d-4c9b-9a57-2d1e6f0b7c11/report.md', 404, /No major event/],
    ['unknown event (CSV)', '/api/events/3f2b8c1e-0a4d-4c9b-9a57-2d1e6f0b7c11/timeline.csv', 404, /No major event/],
    ['malformed id', '/api/events/not-a-uuid/report.pdf', 400, /is not an event id/],
    ['malformed id (CSV)', '/api/events/12/timeline.csv', 400, /is not an event id/],
    ['no year', '/api/reports/commitments', 400, /four digits/],
    ['year not four digits', '/api/reports/commitments?year=26', 400, /four digits/],
    ['year out of range', '/api/reports/commitments?year=1850', 400, /between 2000 and 2100/],
    ['year twice', '/api/reports/commitments?year=2026&year=2027', 400, /four digits/],
    ['unknown format', '/api/reports/commitments?year=2026&format=xlsx', 400, /format=pdf, format=csv or format=json/],
  ])('%s → %i with a message', async (_what, path, status, message) => {
    const res = await t.http().get(path).set(auth(reviewer));
    expect(res.status).toBe(status);
    expect(res.body.message).toMatch(message);
  });

  it('every role may read the reports', async () => {
    for (const role of ['admin', 'prefect', 'duty_officer', 'communication', 'reviewer']) {
      const { token } = await t.userWithRole(role);
      for (const path of [`/api/events/${eventId}/report.md`, `/api/events/${eventId}/timeline.csv`, `/api/reports/commitments?year=2026&format=csv`]) {
        expect([role, path, (await t.http().get(path).set(auth(token))).status]).toEqual([role, path, 200]);
      }
    }
  });

  it('needs a session; the console’s cookie is enough for a plain download link', async () => {
    expect((await t.http().get(`/api/events/${eventId}/report.md`)).status).toBe(401);
    const login = await t.http().post('/api/auth/login').send({ username: 'auditrice', password: 'auditrice-password-123' }).expect(200);
    const cookie = ([] as string[])
      .concat(login.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0])
      .join('; ');
    expect(cookie).toMatch(/crisis_session=/);
    expect((await t.http().get(`/api/events/${eventId}/report.md`).set('Cookie', cookie)).status).toBe(200);
  });
});
