import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { waitFor } from '../events/support';
import { AppProcess, freePort, startProcess, waitForHealth } from '../support/processes';
import { exerciseBody } from './support';

const ADMIN_PASSWORD = 'journey-admin-password';
const VERIFY_JS = join(__dirname, '../../dist/scripts/audit-verify.js');

/**
 * Issue 10's "done when", as a person does it on a fresh start of the product
 * (the embedded default, a new data folder): a reviewer plans a year of
 * exercises, runs one with injects, debriefs it, downloads its report and its
 * proof (checked offline), and the auditor downloads the year's commitments report.
 */
describe('a reviewer’s exercise year, on a fresh start', () => {
  jest.setTimeout(300_000);
  let app: AppProcess | undefined;
  let dataDir: string | undefined;

  afterAll(async () => {
    if (app && app.child.exitCode === null) {
      app.child.kill('SIGTERM');
      await app.exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('plans, runs, debriefs, reports and proves', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'crisis-journey-'));
    const port = await freePort();
    app = startProcess({ DATA_DIR: dataDir, PORT: String(port), ADMIN_PASSWORD, LOG_LEVEL: 'warn' });
    await waitForHealth(port, 120_000);
    const http = () => request(`http://127.0.0.1:${port}`);
    const login = async (u: string, p: string) => (await http().post('/api/auth/login').send({ username: u, password: p }).expect(200)).body.token as string;
    const admin = await login('admin', ADMIN_PASSWORD);
    for (const [username, role] of [
      ['relectrice', 'reviewer'],
      ['auditeur', 'reviewer'],
      ['astreinte', 'duty_officer'],
    ]) {
      await http()
        .post('/api/users')
        .set('Authorization', `Bearer ${admin}`)
        .send({ username, displayName: username, role, password: `${username}-journey-2026` })
        .expect(201);
    }
    const reviewer = { Authorization: `Bearer ${await login('relectrice', 'relectrice-journey-2026')}` };

    // A year of exercises: four planned, the first one soon.
    const year = new Date(Date.now() + 3_600_000).getUTCFullYear();
    const planned: { id: string }[] = [];
    for (const [i, days] of [0, 60, 120, 180].entries()) {
      const when = new Date(Date.now() + 3_600_000 + days * 86_400_000);
      const body = exerciseBody({ title: `Exercice ${i + 1} — crue de la Moselle`, plannedAt: (when.getUTCFullYear() === year ? when : new Date(Date.UTC(year, 11, 31, 20))).toISOString() });
      planned.push((await http().post('/api/exercises').set(reviewer).send(body).expect(201)).body);
    }
    const programme = (await http().get(`/api/exercises/programme?year=${year}`).set(reviewer).expect(200)).body;
    expect([programme.target, programme.planned, programme.onTrack]).toEqual([4, 4, true]);

    // Run the first one with two injects.
    const started = (await http().post(`/api/exercises/${planned[0].id}/start`).set(reviewer).send({}).expect(200)).body as { eventId: string };
    for (const [offsetMinutes, scenario] of [
      [0, 'La Moselle déborde à Épinal'],
      [0.05, 'Coupure d’électricité à Golbey'],
    ] as const) {
      await http()
        .post(`/api/exercises/${planned[0].id}/injects`)
        .set(reviewer)
        .send({ offsetMinutes, scenario, recipient: 'communication', means: 'console', expectedAction: 'Informer les maires' })
        .expect(201);
    }
    await http()
      .post(`/api/exercises/${planned[0].id}/msel/start`)
      .set(reviewer)
      .send({})
      .expect((r) => expect(r.status).toBeLessThan(300));
    const board = await waitFor(
      'both injects delivered',
      async () => {
        const b = (await http().get(`/api/exercises/${planned[0].id}/injects`).set(reviewer)).body;
        const items = (Array.isArray(b) ? b : b.injects) as { id: string; status: string }[];
        return items.length === 2 && items.every((x) => x.status === 'delivered') ? items : null;
      },
      90_000,
    );
    await http()
      .post(`/api/exercises/${planned[0].id}/injects/${board[0].id}/response`)
      .set(reviewer)
      .send({ text: 'Communiqué aux maires envoyé.' })
      .expect((r) => expect(r.status).toBeLessThan(300));
    await http()
      .post(`/api/events/${started.eventId}/cod-activation`)
      .set({ Authorization: `Bearer ${await login('astreinte', 'astreinte-journey-2026')}` })
      .send({ decidedBy: 'M. le Préfet (exercice)' })
      .expect(200);
    await http()
      .post(`/api/exercises/${planned[0].id}/end`)
      .set(reviewer)
      .send({})
      .expect((r) => expect(r.status).toBeLessThan(300));

    // Debrief it, with a finding on the COD decision and an action.
    const timeline = (await http().get(`/api/events/${started.eventId}/timeline`).set(reviewer).expect(200)).body.entries as { seq: number; action: string }[];
    const codSeq = timeline.find((e) => e.action === 'event.cod_activated')!.seq;
    await http()
      .put(`/api/events/${started.eventId}/debriefs/hot`)
      .set(reviewer)
      .send({
        heldAt: new Date().toISOString(),
        participants: [{ name: 'Claire Dupont', role: 'cheffe de cellule' }],
        wentWell: ['Injects reçus et traités.'],
        toImprove: ['Annuaire des maires incomplet.'],
        findings: [{ text: 'COD activé tôt.', timelineSeqs: [codSeq] }],
      })
      .expect((r) => expect([200, 201]).toContain(r.status));
    await http()
      .post(`/api/events/${started.eventId}/debriefs/hot/actions`)
      .set(reviewer)
      .send({ title: 'Compléter l’annuaire des maires', owner: 'SIDPC', dueDate: `${year + 1}-01-31` })
      .expect(201);

    // The report and the proof.
    const pdf = await http()
      .get(`/api/events/${started.eventId}/report.pdf`)
      .set(reviewer)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf.body as Buffer }).toString('utf8');
    for (const s of ['C2-public', 'La Moselle déborde à Épinal', 'Communiqué aux maires envoyé.', 'Compléter l’annuaire des maires']) expect(text.replace(/\s+/g, ' ')).toContain(s);
    const proof = await http().get(`/api/events/${started.eventId}/proof`).set(reviewer).expect(200);
    const file = join(dataDir, 'proof.json');
    writeFileSync(file, typeof proof.text === 'string' && proof.text ? proof.text : JSON.stringify(proof.body));
    const verified = execFileSync(process.execPath, [VERIFY_JS, file]).toString('utf8');
    expect(verified).toMatch(/^OK /m);
    expect(verified.split('\n').filter((l) => /^C(1|2-elected|2-public|2-media|4) /.test(l))).toHaveLength(5);

    // The auditor's page: the year's commitments, with the exercise held against the target.
    const auditor = { Authorization: `Bearer ${await login('auditeur', 'auditeur-journey-2026')}` };
    const annual = (await http().get(`/api/reports/commitments?year=${year}&format=json`).set(auditor).expect(200)).body;
    expect(annual.programme).toMatchObject({ target: 4, held: 1, planned: 3 });
    expect(annual.events.map((e: { id: string }) => e.id)).toContain(started.eventId);
    const csv = await http().get(`/api/reports/commitments?year=${year}&format=csv`).set(auditor).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    // eslint-disable-next-line no-console
    console.log(`reviewer journey: ${verified.trim().split('\n').join(' | ')}`);
  });
});
