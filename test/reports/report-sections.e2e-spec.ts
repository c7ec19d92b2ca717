import { createEvent } from '../events/support';
import { startTestApp, TestApp } from '../support/test-app';
import { formatParis } from '../../src/domain/time/paris-time';
import { addInject, planExercise, startExercise } from '../exercises/support';
import { waitFor } from '../events/support';

/** The reports print what the debriefs say, read through their own service: one record, one story. */
describe('reports show the exercise, its injects, the debriefs and the overdue actions of the record', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let duty: string;
  let reviewer: string;

  beforeAll(async () => {
    t = await startTestApp({ DELIVERY_WORKER: 'false' });
    duty = (await t.userWithRole('duty_officer', 'astreinte')).token;
    reviewer = (await t.userWithRole('reviewer', 'auditrice')).token;
  });
  afterAll(async () => {
    await t?.close();
  });
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('the after-action report holds the hot debrief, its finding and its action plan; the annual report lists the overdue action', async () => {
    const event = await createEvent(t, duty, { title: 'Crue de la Moselle à Épinal', kind: 'flood' });
    await t.http().post(`/api/events/${event.id}/cod-activation`).set(auth(duty)).send({ decidedBy: 'M. le Préfet' }).expect(200);
    const seq = (await t.http().get(`/api/events/${event.id}/timeline`).set(auth(reviewer))).body.entries[1].seq as number;
    await t
      .http()
      .put(`/api/events/${event.id}/debriefs/hot`)
      .set(auth(reviewer))
      .send({
        heldAt: new Date().toISOString(),
        participants: [{ name: 'Claire Dupont', role: 'cheffe de cellule' }],
        wentWell: ['La cellule était réunie en 20 minutes.'],
        toImprove: ['Le premier SMS aux maires est parti tard.'],
        findings: [{ text: 'Le COD a été activé dès la première alerte.', timelineSeqs: [seq] }],
      })
      .expect((r) => expect([200, 201]).toContain(r.status));
    const today = formatParis(new Date()).slice(0, 10).split('/').reverse().join('-');
    const year = Number(today.slice(0, 4));
    const dueYesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const late = await t
      .http()
      .post(`/api/events/${event.id}/debriefs/hot/actions`)
      .set(auth(reviewer))
      .send({ title: 'Mettre à jour l’annuaire des maires', owner: 'SIDPC — Marc Lefèvre', dueDate: dueYesterday });
    expect(late.status).toBe(201);

    const md = (await t.http().get(`/api/events/${event.id}/report.md`).set(auth(reviewer)).expect(200)).text;
    for (const text of [
      'Claire Dupont',
      'La cellule était réunie en 20 minutes.',
      'Le premier SMS aux maires est parti tard.',
      'Le COD a été activé dès la première alerte.',
      'Mettre à jour l’annuaire des maires',
      'SIDPC — Marc Lefèvre',
    ])
      expect(md).toContain(text);
    expect(md).toContain(String(seq));

    if (Number(dueYesterday.slice(0, 4)) === year) {
      const annual = (await t.http().get(`/api/reports/commitments?year=${year}&format=json`).set(auth(reviewer)).expect(200)).body;
      expect(JSON.stringify(annual)).toContain('Mettre à jour l’annuaire des maires');
    }
  });

  it("the after-action report of an exercise holds its injects and the players' responses; the annual report counts it against the target", async () => {
    const year = Number(formatParis(new Date()).slice(6, 10));
    const before = (await t.http().get(`/api/reports/commitments?year=${year}&format=json`).set(auth(reviewer)).expect(200)).body.programme;
    const planned = await planExercise(t, duty, { plannedAt: new Date(Date.now() + 60_000).toISOString() });
    const started = await startExercise(t, duty, planned.id);
    await addInject(t, duty, planned.id, { offsetMinutes: 0, scenario: 'La Moselle déborde à Épinal', expectedAction: 'Informer les maires riverains' });
    await t
      .http()
      .post(`/api/exercises/${planned.id}/msel/start`)
      .set(auth(duty))
      .send({})
      .expect((r) => expect(r.status).toBeLessThan(300));
    const board = await waitFor(
      'the inject delivered',
      async () => {
        const b = (await t.http().get(`/api/exercises/${planned.id}/injects`).set(auth(reviewer))).body;
        const items = (Array.isArray(b) ? b : b.injects) as { id: string; status: string }[];
        return items?.find((i) => i.status === 'delivered');
      },
      60_000,
    );
    await t
      .http()
      .post(`/api/exercises/${planned.id}/injects/${board.id}/response`)
      .set(auth(reviewer))
      .send({ text: 'Message aux maires rédigé et envoyé.' })
      .expect((r) => expect(r.status).toBeLessThan(300));

    const md = (await t.http().get(`/api/events/${started.eventId}/report.md`).set(auth(reviewer)).expect(200)).text;
    for (const text of ['La Moselle déborde à Épinal', 'Informer les maires riverains', 'Message aux maires rédigé et envoyé.']) expect(md).toContain(text);

    const after = (await t.http().get(`/api/reports/commitments?year=${year}&format=json`).set(auth(reviewer)).expect(200)).body.programme;
    const api = (await t.http().get(`/api/exercises/programme?year=${year}`).set(auth(reviewer)).expect(200)).body;
    expect(after.held).toBe((before?.held ?? 0) + 1);
    expect([after.target, after.held, after.planned, after.onTrack]).toEqual([api.target, api.held, api.planned, api.onTrack]);
  });
});
