import { parisDay } from '../../src/domain/time/paris-time';
import { DebriefsService } from '../../src/modules/debriefs/debriefs.service';
import { createEvent } from '../events/support';
import { startTestApp, TestApp } from '../support/test-app';

type Entry = { seq: number; action: string; label: string; payload: Record<string, unknown> };
type Action = { id: string; title: string; status: string; overdue: boolean; dueDate: string; doneAt: string | null; eventId: string; eventTitle: string; eventMode: string; phase: string };

const daysFromNow = (days: number) => parisDay(new Date(Date.now() + days * 86_400_000));

describe('debriefs (RETEX) and their action plans, through HTTP', () => {
  jest.setTimeout(240_000);
  let t: TestApp;
  let reviewer: string;
  let duty: string;
  let prefect: string;
  let comms: string;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    reviewer = (await t.userWithRole('reviewer', 'relecteur')).token;
    duty = (await t.userWithRole('duty_officer')).token;
    prefect = (await t.userWithRole('prefect')).token;
    comms = (await t.userWithRole('communication')).token;
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const timeline = async (eventId: string) => (await t.http().get(`/api/events/${eventId}/timeline`).set(as(reviewer))).body.entries as Entry[];
  const auditCount = async () => (await t.http().get('/api/audit?pageSize=1').set(as(admin))).body.total as number;
  const panel = async (eventId: string) => (await t.http().get(`/api/events/${eventId}/debriefs`).set(as(comms))).body;

  /** An event with a COD activation on its timeline; `cod` is that entry's seq. */
  async function eventWithCod(body: Record<string, unknown> = {}) {
    const event = await createEvent(t, duty, body);
    const res = await t.http().post(`/api/events/${event.id}/cod-activation`).set(as(duty)).send({ decidedBy: 'M. le Préfet' });
    expect(res.status).toBe(200);
    const entries = await timeline(event.id);
    return {
      ...event,
      createdAt: (await t.http().get(`/api/events/${event.id}`).set(as(duty))).body.createdAt as string,
      cod: entries.find((e) => e.action === 'event.cod_activated')!.seq,
      created: entries[0].seq,
    };
  }

  const hotBody = (seq: number, heldAt = new Date().toISOString()) => ({
    heldAt,
    participants: [{ name: 'Claire Dupont', role: 'cheffe de cellule, préfecture des Vosges' }, { name: 'Marc Lefèvre' }],
    wentWell: ['Cellule opérationnelle en 25 minutes'],
    toImprove: ['Annuaire des maires incomplet'],
    findings: [{ text: 'Le COD a été activé sans délai après l’appel du SDIS.', timelineSeqs: [seq] }],
  });

  it('a reviewer writes the hot and cold debriefs with findings citing the timeline and an action plan; the overdue actions are listed across events', async () => {
    const event = await eventWithCod();
    const before = await panel(event.id);
    expect(before).toMatchObject({ eventId: event.id, eventClosed: false, hot: null, cold: null });

    const hotAt = new Date().toISOString();
    const hot = await t.http().put(`/api/events/${event.id}/debriefs/hot`).set(as(reviewer)).send(hotBody(event.cod, hotAt));
    expect(hot.status).toBe(200);
    expect(hot.body.created).toBe(true);
    expect(hot.body.hot).toMatchObject({
      phase: 'hot',
      phaseLabel: 'RETEX à chaud',
      heldAt: hotAt,
      heldWhileEventOpen: true,
      participants: ['Claire Dupont (cheffe de cellule, préfecture des Vosges)', 'Marc Lefèvre'],
      wentWell: ['Cellule opérationnelle en 25 minutes'],
      findings: [{ text: 'Le COD a été activé sans délai après l’appel du SDIS.', timelineSeqs: [event.cod] }],
      writtenBy: 'relecteur',
      actions: [],
    });

    const late = await t
      .http()
      .post(`/api/events/${event.id}/debriefs/hot/actions`)
      .set(as(reviewer))
      .send({ title: 'Compléter l’annuaire des maires', owner: 'SIDPC — Marc Lefèvre', dueDate: daysFromNow(-2) });
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({ status: 'open', overdue: true, phase: 'hot', dueDate: daysFromNow(-2) });
    const later = await t
      .http()
      .post(`/api/events/${event.id}/debriefs/hot/actions`)
      .set(as(reviewer))
      .send({ title: 'Exercice SMS aux maires', owner: 'Claire Dupont', dueDate: '2099-06-30', status: 'in_progress' });
    expect(later.status).toBe(201);
    expect(later.body).toMatchObject({ status: 'in_progress', overdue: false, dueDateFr: '30/06/2099' });

    // Another event, an exercise, with its own overdue action.
    const exercise = await eventWithCod({ title: 'Exercice inondation — Moselle', mode: 'exercise' });
    expect((await t.http().put(`/api/events/${exercise.id}/debriefs/hot`).set(as(reviewer)).send(hotBody(exercise.cod))).status).toBe(200);
    const exLate = await t
      .http()
      .post(`/api/events/${exercise.id}/debriefs/hot/actions`)
      .set(as(reviewer))
      .send({ title: 'Revoir la fiche réflexe', owner: 'Cabinet', dueDate: daysFromNow(-1) });
    expect(exLate.status).toBe(201);

    const overdue = (await t.http().get('/api/debrief-actions?overdue=true').set(as(duty))).body as Action[];
    expect(overdue.map((a) => a.id)).toEqual([late.body.id, exLate.body.id]);
    expect(overdue[0]).toMatchObject({ eventId: event.id, eventTitle: 'Feu de forêt — massif de la Vologne', eventMode: 'real', phase: 'hot', overdue: true });
    expect(overdue[1]).toMatchObject({ eventId: exercise.id, eventTitle: 'Exercice inondation — Moselle', eventMode: 'exercise' });
    const in2099 = (await t.http().get('/api/debrief-actions?year=2099').set(as(prefect))).body as Action[];
    expect(in2099.map((a) => a.id)).toEqual([later.body.id]);
    expect((await t.http().get('/api/debrief-actions?year=2099&overdue=true').set(as(prefect))).body).toEqual([]);

    // Done: no longer overdue, the time it was done kept; reopening clears it.
    const done = await t.http().patch(`/api/debrief-actions/${late.body.id}`).set(as(reviewer)).send({ status: 'done' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', statusLabel: 'réalisée', overdue: false });
    expect(done.body.doneAt).toEqual(expect.any(String));
    expect(((await t.http().get('/api/debrief-actions?overdue=true').set(as(duty))).body as Action[]).map((a) => a.id)).toEqual([exLate.body.id]);
    const reopened = await t
      .http()
      .patch(`/api/debrief-actions/${late.body.id}`)
      .set(as(reviewer))
      .send({ status: 'in_progress', dueDate: daysFromNow(30), owner: 'SIDPC — Julie Roy' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'in_progress', doneAt: null, overdue: false, owner: 'SIDPC — Julie Roy', dueDate: daysFromNow(30) });

    // The event closes; the cold debrief, weeks later in real life, is held after the closure.
    expect((await t.http().post(`/api/events/${event.id}/close`).set(as(prefect)).send({})).status).toBe(200);
    const cold = await t
      .http()
      .put(`/api/events/${event.id}/debriefs/cold`)
      .set(as(reviewer))
      .send({
        ...hotBody(event.created),
        wentWell: [],
        toImprove: ['Informer les médias plus tôt'],
      });
    expect(cold.status).toBe(200);
    expect(cold.body).toMatchObject({
      eventClosed: true,
      hot: { heldWhileEventOpen: true },
      cold: { phase: 'cold', heldWhileEventOpen: false, wentWell: [], findings: [{ timelineSeqs: [event.created] }] },
    });

    // Replacing the hot debrief keeps its actions.
    const replaced = await t
      .http()
      .put(`/api/events/${event.id}/debriefs/hot`)
      .set(as(reviewer))
      .send({ ...hotBody(event.cod, hotAt), wentWell: ['Cellule opérationnelle en 25 minutes', 'Bonne coordination avec le SDIS'] });
    expect(replaced.status).toBe(200);
    expect(replaced.body.created).toBe(false);
    expect(replaced.body.hot.wentWell).toHaveLength(2);
    expect(replaced.body.hot.actions.map((a: Action) => [a.id, a.dueDate])).toEqual([
      [late.body.id, daysFromNow(30)],
      [later.body.id, '2099-06-30'],
    ]);

    // Every write is on the event's timeline, in French.
    const labels = (await timeline(event.id)).filter((e) => e.action.startsWith('debrief.')).map((e) => [e.action, e.label]);
    expect(labels).toEqual([
      ['debrief.written', 'RETEX à chaud rédigé'],
      ['debrief.action_added', 'Action du plan RETEX ajoutée (à chaud) : Compléter l’annuaire des maires, à faire'],
      ['debrief.action_added', 'Action du plan RETEX ajoutée (à chaud) : Exercice SMS aux maires, en cours'],
      ['debrief.action_updated', 'Action du plan RETEX modifiée (à chaud) : Compléter l’annuaire des maires, réalisée'],
      ['debrief.action_updated', 'Action du plan RETEX modifiée (à chaud) : Compléter l’annuaire des maires, en cours'],
      ['debrief.written', 'RETEX à froid rédigé'],
      ['debrief.updated', 'RETEX à chaud modifié'],
    ]);

    // What the reports call at merge: hot first, the agreed shape.
    const ofEvent = await t.app.get(DebriefsService).ofEvent(event.id);
    expect(ofEvent.map((d) => d.phase)).toEqual(['hot', 'cold']);
    expect(ofEvent[0]).toMatchObject({
      heldAt: hotAt,
      participants: expect.any(Array),
      wentWell: expect.any(Array),
      toImprove: expect.any(Array),
      findings: [{ text: expect.any(String), timelineSeqs: [event.cod] }],
    });
    expect(ofEvent[0].actions.map((a) => Object.keys(a))).toEqual(ofEvent[0].actions.map(() => expect.arrayContaining(['id', 'title', 'owner', 'dueDate', 'status', 'overdue'])));
    const all = await t.app.get(DebriefsService).actions({ overdueOnly: true });
    expect(all.map((a) => a.id)).toEqual([exLate.body.id]);
    expect(Object.keys(all[0])).toEqual(expect.arrayContaining(['id', 'eventId', 'eventTitle', 'eventMode', 'phase', 'title', 'owner', 'dueDate', 'status', 'overdue']));
  });

  it('two reviewers writing the same first debrief together get one written and one update, never an error', async () => {
    const event = await eventWithCod();
    const put = (text: string) =>
      t
        .http()
        .put(`/api/events/${event.id}/debriefs/hot`)
        .set(as(reviewer))
        .send({ ...hotBody(event.cod), wentWell: [text] });
    const results = await Promise.all([put('Version A'), put('Version B')]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results.map((r) => r.body.created).sort()).toEqual([false, true]);
    const entries = (await timeline(event.id)).filter((e) => e.action.startsWith('debrief.')).map((e) => e.action);
    expect(entries).toEqual(['debrief.written', 'debrief.updated']);
    const last = results.find((r) => !r.body.created)!;
    expect((await panel(event.id)).hot.wentWell).toEqual(last.body.hot.wentWell);
  });

  it.each([
    ['duty officer', () => duty],
    ['prefect', () => prefect],
    ['communication', () => comms],
    ['administrator', () => admin],
  ])('refuses every debrief write by a %s with 403, and writes nothing', async (_role, token) => {
    const event = await eventWithCod();
    expect((await t.http().put(`/api/events/${event.id}/debriefs/hot`).set(as(reviewer)).send(hotBody(event.cod))).status).toBe(200);
    const action = await t.http().post(`/api/events/${event.id}/debriefs/hot/actions`).set(as(reviewer)).send({ title: 'Tester les SMS', owner: 'SIDPC', dueDate: '2099-01-01' });
    const forbiddenCount = async () => (await t.http().get('/api/audit?pageSize=1&action=auth.forbidden').set(as(admin))).body.total as number;
    const before = { audit: await auditCount(), forbidden: await forbiddenCount(), panel: await panel(event.id) };
    const attempts = await Promise.all([
      t
        .http()
        .put(`/api/events/${event.id}/debriefs/hot`)
        .set(as(token()))
        .send({ ...hotBody(event.cod), wentWell: ['changé'] }),
      t.http().put(`/api/events/${event.id}/debriefs/cold`).set(as(token())).send(hotBody(event.cod)),
      t.http().post(`/api/events/${event.id}/debriefs/hot/actions`).set(as(token())).send({ title: 'Autre action', owner: 'X', dueDate: '2099-01-01' }),
      t.http().patch(`/api/debrief-actions/${action.body.id}`).set(as(token())).send({ status: 'done' }),
    ]);
    for (const res of attempts) {
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/reserved for: reviewer/);
    }
    // The only new audit entries are the four refusals themselves (the guard records each one).
    expect(await forbiddenCount()).toBe(before.forbidden + 4);
    expect(await auditCount()).toBe(before.audit + 4);
    expect(await panel(event.id)).toEqual(before.panel);
    // Reading is open to every role.
    expect((await t.http().get(`/api/events/${event.id}/debriefs`).set(as(token()))).status).toBe(200);
    expect((await t.http().get('/api/debrief-actions').set(as(token()))).status).toBe(200);
  });
});

describe('debrief refusals: each bad input gets a 4xx with a clear message, and nothing is written', () => {
  jest.setTimeout(240_000);
  let t: TestApp;
  let reviewer: string;
  let duty: string;
  let event: { id: string; createdAt: string; cod: number };
  let other: { id: string; cod: number };
  let actionId: string;
  let doneActionId: string;

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const body = (over: Record<string, unknown> = {}) => ({
    heldAt: new Date().toISOString(),
    participants: [{ name: 'Claire Dupont', role: 'cheffe de cellule' }],
    wentWell: ['Bonne réactivité'],
    toImprove: [],
    findings: [{ text: 'Activation rapide du COD', timelineSeqs: [event.cod] }],
    ...over,
  });

  beforeAll(async () => {
    t = await startTestApp();
    reviewer = (await t.userWithRole('reviewer')).token;
    duty = (await t.userWithRole('duty_officer')).token;
    const make = async () => {
      const e = await createEvent(t, duty);
      await t.http().post(`/api/events/${e.id}/cod-activation`).set(as(duty)).send({ decidedBy: 'M. le Préfet' });
      const entries = (await t.http().get(`/api/events/${e.id}/timeline`).set(as(duty))).body.entries as Entry[];
      return { id: e.id, createdAt: (await t.http().get(`/api/events/${e.id}`).set(as(duty))).body.createdAt as string, cod: entries.find((x) => x.action === 'event.cod_activated')!.seq };
    };
    event = await make();
    other = await make();
    expect((await t.http().put(`/api/events/${event.id}/debriefs/hot`).set(as(reviewer)).send(body())).status).toBe(200);
    actionId = (await t.http().post(`/api/events/${event.id}/debriefs/hot/actions`).set(as(reviewer)).send({ title: 'Tester les SMS', owner: 'SIDPC', dueDate: '2099-01-01' })).body.id;
    doneActionId = (await t.http().post(`/api/events/${event.id}/debriefs/hot/actions`).set(as(reviewer)).send({ title: 'Former les rédacteurs', owner: 'SIDPC', dueDate: '2099-01-01' })).body.id;
    expect((await t.http().patch(`/api/debrief-actions/${doneActionId}`).set(as(reviewer)).send({ status: 'done' })).status).toBe(200);
  });
  afterAll(() => t.close());

  const state = async () => ({
    audit: (
      await t
        .http()
        .get('/api/audit?pageSize=1')
        .set('Authorization', `Bearer ${await t.adminToken()}`)
    ).body.total as number,
    event: (await t.http().get(`/api/events/${event.id}/debriefs`).set(as(reviewer))).body,
    other: (await t.http().get(`/api/events/${other.id}/debriefs`).set(as(reviewer))).body,
  });

  type Attempt = [string, () => { method: 'put' | 'post' | 'patch' | 'get'; path: string; send?: unknown }, number, string | RegExp];
  const cases: Attempt[] = [
    ['an unknown phase', () => ({ method: 'put', path: `/api/events/${event.id}/debriefs/tiede`, send: body() }), 400, 'Unknown debrief phase "tiede": it is hot'],
    [
      'an unknown phase for an action',
      () => ({ method: 'post', path: `/api/events/${event.id}/debriefs/warm/actions`, send: { title: 'Action', owner: 'X', dueDate: '2099-01-01' } }),
      400,
      'Unknown debrief phase "warm"',
    ],
    ['a held time that is not a date', () => ({ method: 'put', path: `/api/events/${event.id}/debriefs/cold`, send: body({ heldAt: 'hier soir' }) }), 400, 'heldAt must be a date and time such as'],
    [
      'a held time in the future',
      () => ({ method: 'put', path: `/api/events/${event.id}/debriefs/cold`, send: body({ heldAt: new Date(Date.now() + 3_600_000).toISOString() }) }),
      400,
      'heldAt is in the future',
    ],
    [
      'a held time before the event was opened',
      () => ({ method: 'put', path: `/api/events/${other.id}/debriefs/hot`, send: body({ heldAt: '2020-01-01T10:00:00Z', findings: [] }) }),
      400,
      'is before the event was opened',
    ],
    [
      'a due date that is not a day of the calendar',
      () => ({ method: 'post', path: `/api/events/${event.id}/debriefs/hot/actions`, send: { title: 'Action', owner: 'X', dueDate: '2027-02-30' } }),
      400,
      '2027-02-30 is not a day of the calendar',
    ],
    [
      'a due date written the French way',
      () => ({ method: 'post', path: `/api/events/${event.id}/debriefs/hot/actions`, send: { title: 'Action', owner: 'X', dueDate: '15/01/2027' } }),
      400,
      'dueDate must be a calendar date written YYYY-MM-DD',
    ],
    ['a bad due date in a change', () => ({ method: 'patch', path: `/api/debrief-actions/${actionId}`, send: { dueDate: 'demain' } }), 400, 'dueDate must be a calendar date written YYYY-MM-DD'],
    ['no participant', () => ({ method: 'put', path: `/api/events/${event.id}/debriefs/cold`, send: body({ participants: [] }) }), 400, 'participants must name at least one person'],
    [
      'a debrief that says nothing',
      () => ({ method: 'put', path: `/api/events/${event.id}/debriefs/cold`, send: body({ wentWell: [], toImprove: [], findings: [] }) }),
      400,
      'at least one item in wentWell, toImprove or findings',
    ],
    [
      'a finding citing no timeline entry',
      () => ({ method: 'put', path: `/api/events/${event.id}/debriefs/cold`, send: body({ findings: [{ text: 'Constat', timelineSeqs: [] }] }) }),
      400,
      'each finding must cite at least one timeline entry',
    ],
    ['an empty item in a list', () => ({ method: 'put', path: `/api/events/${event.id}/debriefs/cold`, send: body({ toImprove: ['  '] }) }), 400, 'toImprove must not hold an empty item'],
    [
      'a finding citing an entry of another event',
      () => ({ method: 'put', path: `/api/events/${event.id}/debriefs/cold`, send: body({ findings: [{ text: 'Constat', timelineSeqs: [event.cod, other.cod] }] }) }),
      400,
      /^Timeline entry \d+ is not in this event's timeline: a finding can only cite entries of its own event/,
    ],
    [
      'a finding citing an entry that does not exist',
      () => ({ method: 'put', path: `/api/events/${event.id}/debriefs/cold`, send: body({ findings: [{ text: 'Constat', timelineSeqs: [999999, 888888] }] }) }),
      400,
      "Timeline entries 888888, 999999 are not in this event's timeline",
    ],
    [
      'a finding citing a seq that is not a number',
      () => ({ method: 'put', path: `/api/events/${event.id}/debriefs/cold`, send: body({ findings: [{ text: 'Constat', timelineSeqs: ['douze'] }] }) }),
      400,
      'timelineSeqs must hold whole numbers',
    ],
    [
      'an overlong item',
      () => ({ method: 'put', path: `/api/events/${event.id}/debriefs/cold`, send: body({ wentWell: ['x'.repeat(1001)] }) }),
      400,
      'each item of wentWell has at most 1000 characters',
    ],
    [
      'an overlong finding',
      () => ({ method: 'put', path: `/api/events/${event.id}/debriefs/cold`, send: body({ findings: [{ text: 'x'.repeat(2001), timelineSeqs: [event.cod] }] }) }),
      400,
      'a finding has at most 2000 characters',
    ],
    [
      'an overlong action title',
      () => ({ method: 'post', path: `/api/events/${event.id}/debriefs/hot/actions`, send: { title: 'x'.repeat(301), owner: 'X', dueDate: '2099-01-01' } }),
      400,
      'title has at most 300 characters',
    ],
    [
      'too many items',
      () => ({ method: 'put', path: `/api/events/${event.id}/debriefs/cold`, send: body({ wentWell: Array.from({ length: 51 }, (_, i) => `point ${i}`) }) }),
      400,
      'wentWell holds at most 50 items',
    ],
    [
      'a cold debrief held before the hot one',
      () => ({ method: 'put', path: `/api/events/${event.id}/debriefs/cold`, send: body({ heldAt: event.createdAt }) }),
      400,
      'cannot be held before the hot one',
    ],
    ['an unknown field', () => ({ method: 'put', path: `/api/events/${event.id}/debriefs/cold`, send: body({ summary: 'x' }) }), 400, 'property summary should not exist'],
    ['an unknown event', () => ({ method: 'put', path: '/api/events/5a0e5b8e-1c1d-4f7a-9a59-000000000000/debriefs/hot', send: body({ findings: [] }) }), 404, 'No major event with id 5a0e5b8e'],
    [
      'an event id that is not one',
      () => ({ method: 'post', path: '/api/events/feu-vologne/debriefs/hot/actions', send: { title: 'Action', owner: 'X', dueDate: '2099-01-01' } }),
      404,
      'No major event with id feu-vologne',
    ],
    ['reading the debriefs of an unknown event', () => ({ method: 'get', path: '/api/events/5a0e5b8e-1c1d-4f7a-9a59-000000000000/debriefs' }), 404, 'No major event'],
    [
      'an action for a debrief not written yet',
      () => ({ method: 'post', path: `/api/events/${event.id}/debriefs/cold/actions`, send: { title: 'Action', owner: 'X', dueDate: '2099-01-01' } }),
      409,
      'is not written yet',
    ],
    [
      'a new action already cancelled',
      () => ({ method: 'post', path: `/api/events/${event.id}/debriefs/hot/actions`, send: { title: 'Action', owner: 'X', dueDate: '2099-01-01', status: 'cancelled' } }),
      400,
      'A new action is open or in_progress',
    ],
    [
      'an action without owner',
      () => ({ method: 'post', path: `/api/events/${event.id}/debriefs/hot/actions`, send: { title: 'Action', owner: ' ', dueDate: '2099-01-01' } }),
      400,
      'owner must name who carries the action',
    ],
    ['an unknown action', () => ({ method: 'patch', path: '/api/debrief-actions/5a0e5b8e-1c1d-4f7a-9a59-000000000000', send: { status: 'done' } }), 404, 'No debrief action with id'],
    ['a change that changes nothing', () => ({ method: 'patch', path: `/api/debrief-actions/${actionId}`, send: {} }), 400, 'Say what changes'],
    ['an unknown status', () => ({ method: 'patch', path: `/api/debrief-actions/${actionId}`, send: { status: 'closed' } }), 400, 'status must be one of: open, in_progress, done, cancelled'],
    ['the same status again', () => ({ method: 'patch', path: `/api/debrief-actions/${actionId}`, send: { status: 'open' } }), 400, 'already à faire'],
    ['cancelling a done action', () => ({ method: 'patch', path: `/api/debrief-actions/${doneActionId}`, send: { status: 'cancelled' } }), 400, 'done cannot become cancelled'],
    ['a new owner for a done action', () => ({ method: 'patch', path: `/api/debrief-actions/${doneActionId}`, send: { owner: 'Quelqu’un' } }), 400, 'reopen it'],
    ['a year that is not one', () => ({ method: 'get', path: '/api/debrief-actions?year=deux-mille' }), 400, 'year must be a year such as 2026'],
    ['an overdue filter that is not true or false', () => ({ method: 'get', path: '/api/debrief-actions?overdue=peut-etre' }), 400, 'overdue must be true or false'],
  ];

  it.each(cases)('refuses %s', async (_why, make, status, message) => {
    const before = await state();
    const { method, path, send } = make();
    const req = t.http()[method](path).set(as(reviewer));
    const res = await (send === undefined ? req : req.send(send as object));
    expect(res.status).toBe(status);
    if (typeof message === 'string') expect(res.body.message).toContain(message);
    else expect(res.body.message).toMatch(message);
    expect(await state()).toEqual(before);
  });
});
