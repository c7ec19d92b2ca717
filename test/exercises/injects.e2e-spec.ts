import { DataSource } from 'typeorm';
import type { DatabaseHandle } from '../../src/database/database-handle';
import { waitFor } from '../events/support';
import { startTestApp, TestApp } from '../support/test-app';
import { DatabaseClock, installDatabaseClock } from '../support/database-clock';
import { createTestDatabase } from '../support/test-database';
import { addInject, auditOf, auth, planExercise, startExercise } from './support';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SEC = 1 / 60; // one second, in minutes

type Board = {
  now: string;
  exercise: { msel: { startedAt: string; state: string; pausedMs: number } };
  nextInjectId: string | null;
  injects: { id: string; order: number; status: string; fireAt: string | null; deliveredAt: string | null; response: string | null }[];
};

/** The MSEL: injects fire at their offsets, pause and resume shift them, a restart loses none and repeats none. */
describe('exercise injects (MSEL)', () => {
  jest.setTimeout(240_000);
  let t: TestApp;
  let db: DatabaseHandle;
  let clock: DatabaseClock | null;
  let director: string;
  let com: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    // On the real server a pause passes on the database's clock (the clock the MSEL runs on), not in real time.
    clock = await installDatabaseClock(db);
    t = await startTestApp({ EXERCISE_SWEEP_SECONDS: '1' }, { db });
    director = (await t.userWithRole('prefect', 'directrice')).token;
    com = (await t.userWithRole('communication', 'joueuse')).token;
  });
  afterAll(async () => {
    await t?.close();
    await db?.stop();
  });

  const board = async (app: TestApp, id: string) => (await app.http().get(`/api/exercises/${id}/injects`).set(auth(com)).expect(200)).body as Board;
  const running = async (app: TestApp, token: string) => {
    const x = await planExercise(app, token);
    return { ...x, eventId: (await startExercise(app, token, x.id)).eventId };
  };

  it('delivers each inject at its offset from the MSEL start, in the event timeline, and takes the players’ responses', async () => {
    const x = await running(t, director);
    const offsets = [2 * SEC, 4 * SEC, 6 * SEC];
    const ids = [];
    for (const o of offsets) ids.push((await addInject(t, director, x.id, { offsetMinutes: o, scenario: `Inject à T+${Math.round(o * 60)} s` })).id);
    const started = (await t.http().post(`/api/exercises/${x.id}/msel/start`).set(auth(director)).expect(200)).body as Board;
    const t0 = Date.parse(started.exercise.msel.startedAt);
    expect(started.nextInjectId).toBe(ids[0]);

    const done = await waitFor(
      'every inject delivered',
      async () => {
        const b = await board(t, x.id);
        return b.injects.every((i) => i.status === 'delivered') ? b : null;
      },
      30_000,
    );
    for (const [n, i] of done.injects.entries()) {
      const late = Date.parse(i.deliveredAt!) - (t0 + offsets[n] * 60_000);
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(1500);
    }
    const entries = await auditOf(t, 'exercise.inject_delivered');
    expect(entries.filter((e) => e.payload.exerciseId === x.id).map((e) => e.subjectId)).toEqual(ids);

    const response = await t.http().post(`/api/exercises/${x.id}/injects/${ids[0]}/response`).set(auth(com)).send({ text: 'Communiqué envoyé aux maires' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ response: 'Communiqué envoyé aux maires', respondedBy: 'joueuse' });
    const timeline = (await t.http().get(`/api/events/${x.eventId}/timeline`).set(auth(com)).expect(200)).body.entries as { action: string; label: string }[];
    expect(timeline.filter((e) => e.action === 'exercise.inject_delivered').map((e) => e.label)).toEqual([
      'Inject transmis n° 1 (T+0,03 min, console, à communication) : Inject à T+2 s',
      expect.stringContaining('Inject à T+4 s'),
      expect.stringContaining('Inject à T+6 s'),
    ]);
    expect(timeline.map((e) => e.label)).toContain('Réponse des joueurs à un inject : Inject à T+2 s');
  });

  it('shifts the injects still to come by the length of a pause; skips one; adds and delivers one live', async () => {
    const x = await running(t, director);
    const first = await addInject(t, director, x.id, { offsetMinutes: 1 * SEC, scenario: 'Premier' });
    const second = await addInject(t, director, x.id, { offsetMinutes: 6 * SEC, scenario: 'Deuxième' });
    const skipped = await addInject(t, director, x.id, { offsetMinutes: 7 * SEC, scenario: 'Écarté' });
    const started = (await t.http().post(`/api/exercises/${x.id}/msel/start`).set(auth(director)).expect(200)).body as Board;
    const t0 = Date.parse(started.exercise.msel.startedAt);
    await waitFor('the first inject', async () => (await board(t, x.id)).injects.find((i) => i.id === first.id)!.status === 'delivered', 10_000);

    const paused = (await t.http().post(`/api/exercises/${x.id}/msel/pause`).set(auth(director)).expect(200)).body as Board;
    expect(paused.exercise.msel.state).toBe('paused');
    expect(paused.injects.find((i) => i.id === second.id)!.fireAt).toBeNull();
    // Past the second inject's original time.
    if (clock) await clock.advance(7);
    else await sleep(7000);
    expect((await board(t, x.id)).injects.find((i) => i.id === second.id)!.status).toBe('pending');
    const resumed = (await t.http().post(`/api/exercises/${x.id}/msel/resume`).set(auth(director)).expect(200)).body as Board;
    const pausedMs = resumed.exercise.msel.pausedMs;
    expect(pausedMs).toBeGreaterThanOrEqual(6500);
    expect(Date.parse(resumed.injects.find((i) => i.id === second.id)!.fireAt!)).toBe(t0 + 6000 + pausedMs);

    await t.http().post(`/api/exercises/${x.id}/injects/${skipped.id}/skip`).set(auth(director)).send({ reason: 'Hors sujet' }).expect(200);
    const live = await addInject(t, director, x.id, { offsetMinutes: 600, scenario: 'Ajouté en direct : coupure d’électricité à Golbey' });
    await t.http().post(`/api/exercises/${x.id}/injects/${live.id}/deliver`).set(auth(director)).expect(200);

    const done = await waitFor(
      'the second inject after the pause',
      async () => {
        const b = await board(t, x.id);
        return b.injects.find((i) => i.id === second.id)!.status === 'delivered' ? b : null;
      },
      20_000,
    );
    const d = Date.parse(done.injects.find((i) => i.id === second.id)!.deliveredAt!);
    expect(d - (t0 + 6000 + pausedMs)).toBeGreaterThanOrEqual(0);
    expect(d - (t0 + 6000 + pausedMs)).toBeLessThan(1500);
    await sleep(1500);
    const final = await board(t, x.id);
    expect(Object.fromEntries(final.injects.map((i) => [i.id, i.status]))).toEqual({ [first.id]: 'delivered', [second.id]: 'delivered', [skipped.id]: 'skipped', [live.id]: 'delivered' });
    expect((await auditOf(t, 'exercise.inject_delivered')).filter((e) => e.payload.exerciseId === x.id)).toHaveLength(3);
    expect((await auditOf(t, 'exercise.msel_resumed', x.id))[0].payload.pauseMs).toBe(pausedMs);
  });

  it('delivers nothing more once the director ends the exercise or its event is closed', async () => {
    const ended = await running(t, director);
    const closed = await running(t, director);
    const a = await addInject(t, director, ended.id, { offsetMinutes: 2 * SEC });
    const b = await addInject(t, director, closed.id, { offsetMinutes: 2 * SEC });
    await t.http().post(`/api/exercises/${ended.id}/msel/start`).set(auth(director)).expect(200);
    await t.http().post(`/api/exercises/${closed.id}/msel/start`).set(auth(director)).expect(200);
    await t.http().post(`/api/exercises/${ended.id}/end`).set(auth(director)).send({}).expect(200);
    await t.http().post(`/api/events/${closed.eventId}/close`).set(auth(director)).send({}).expect(200);
    await sleep(4000);
    for (const [x, i] of [
      [ended, a],
      [closed, b],
    ] as const) {
      const bd = await board(t, x.id);
      expect(bd.exercise).toMatchObject({ status: 'held' });
      expect(bd.injects.find((j) => j.id === i.id)).toMatchObject({ status: 'pending', fireAt: null });
      expect(await auditOf(t, 'exercise.inject_delivered', i.id)).toHaveLength(0);
    }
  });

  it('loses no inject, repeats none and keeps their order across a restart in the middle of the exercise', async () => {
    const db = await createTestDatabase();
    const env = { EXERCISE_SWEEP_SECONDS: '1' };
    let a: TestApp | null = await startTestApp(env, { db });
    let b: TestApp | null = null;
    try {
      const dir = (await a.userWithRole('duty_officer', 'directeur')).token;
      const x = await running(a, dir);
      // Two overdue at the restart (11 s, 12 s); the last one far enough after it for a slow boot (two suites side
      // by side took the restarted app past 16 s, where this test's fourth inject used to be).
      const offsets = [1, 3, 11, 12, 28].map((s) => s * SEC);
      for (const o of offsets) await addInject(a, dir, x.id, { offsetMinutes: o });
      const started = (await a.http().post(`/api/exercises/${x.id}/msel/start`).set(auth(dir)).expect(200)).body as Board;
      const t0 = Date.parse(started.exercise.msel.startedAt);
      const delivered = async (app: TestApp) => (await auditOf(app, 'exercise.inject_delivered')).filter((e) => e.payload.exerciseId === x.id);
      await waitFor('two injects before the stop', async () => (await delivered(a!)).length >= 2, 15_000);
      await a.close();
      a = null;
      // Stopped past the third and fourth injects' times: overdue at boot, both delivered at once, in their order, flagged late.
      await sleep(Math.max(0, t0 + 13_000 - Date.now()));
      b = await startTestApp(env, { db });
      const all = await waitFor(
        'all five injects',
        async () => {
          const d = await delivered(b!);
          return d.length >= 5 ? d : null;
        },
        60_000,
      );
      await sleep(2500); // the sweep runs every second: nothing fires twice
      const final = await delivered(b);
      expect(final).toHaveLength(5);
      expect(new Set(final.map((e) => e.subjectId)).size).toBe(5);
      expect(all.map((e) => e.payload.order)).toEqual([1, 2, 3, 4, 5]);
      expect(final.slice(2).map((e) => e.payload.late)).toEqual([true, true, false]);
      const [{ n }] = await b.app.get(DataSource).query(`SELECT count(*)::int AS n FROM exercise_injects WHERE exercise_id = $1 AND status = 'delivered' AND fired_at IS NOT NULL`, [x.id]);
      expect(n).toBe(5);
    } finally {
      await a?.close();
      await b?.close();
      await db.stop();
    }
  });

  it('imports an MSEL from a CSV file: a dry run, line-numbered errors with nothing written, then one transaction', async () => {
    const x = await planExercise(t, director);
    const csv = (lines: string[]) => ['offset_minutes;scenario;recipient;means;expected_action', ...lines].join('\n');
    const post = (body: string, q = '') => t.http().post(`/api/exercises/${x.id}/injects/import${q}`).set(auth(director)).set('Content-Type', 'text/csv').send(body);
    const good = csv(['0;La Moselle déborde à Épinal;communication;console;Alerter les maires', '12,5;Coupure de la RN57;Claire Dupont;email;Informer la presse']);
    const injects = async () => (await board(t, x.id)).injects.length;
    const audit = async () => (await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM audit_log'))[0].n;

    const before = [await injects(), await audit()];
    const dry = await post(good, '?dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, lines: 2, valid: 2, imported: 0, errors: [] });
    const bad = await post(csv(['0;La Moselle déborde;communication;console;Alerter', '5;Crue;préfet;pigeon;Répondre']));
    expect(bad.status).toBe(422);
    expect(bad.body.message).toMatch(/line 3/);
    expect(bad.body.details.errors).toEqual([
      { line: 3, column: 'recipient', message: expect.stringMatching(/préfet/) },
      { line: 3, column: 'means', message: expect.stringMatching(/pigeon/) },
    ]);
    expect((await post('')).status).toBe(400);
    expect((await post('a;b\n1;2')).status).toBe(400);
    expect((await t.http().post(`/api/exercises/${x.id}/injects/import`).set(auth(director)).send({ csv: good })).status).toBe(415);
    expect((await post(good, '?dryRun=peut-etre')).status).toBe(400);
    expect([await injects(), await audit()]).toEqual(before);

    const done = await post(good);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ dryRun: false, imported: 2 });
    const b = await board(t, x.id);
    expect(b.injects.map((i) => [i.order, (i as unknown as { scenario: string }).scenario])).toEqual([
      [1, 'La Moselle déborde à Épinal'],
      [2, 'Coupure de la RN57'],
    ]);
    expect(await auditOf(t, 'exercise.injects_imported', x.id)).toHaveLength(1);
  });

  describe('bad input: a clear 4xx and nothing written', () => {
    let planned: { id: string };
    let run: { id: string };
    let delivered: string;
    let pending: string;
    const count = async () => {
      const [{ injects, audit }] = await t.app.get(DataSource).query('SELECT (SELECT count(*)::int FROM exercise_injects) AS injects, (SELECT count(*)::int FROM audit_log) AS audit');
      return { injects, audit };
    };

    beforeAll(async () => {
      planned = await planExercise(t, director);
      run = await running(t, director);
      delivered = (await addInject(t, director, run.id, { offsetMinutes: 0 })).id;
      pending = (await addInject(t, director, run.id, { offsetMinutes: 600 })).id;
      await t.http().post(`/api/exercises/${run.id}/msel/start`).set(auth(director)).expect(200);
      await waitFor('the first inject', async () => (await board(t, run.id)).injects.find((i) => i.id === delivered)!.status === 'delivered', 10_000);
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
      ['a negative offset', { offsetMinutes: -1 }, /offsetMinutes must be between 0 and 10080/],
      ['an offset that is not a number', { offsetMinutes: 'T+5' }, /offsetMinutes must be a number/],
      ['an unknown means', { means: 'pigeon' }, /means must be one of: console, email, sms/],
      ['a recipient who is not in the exercise', { recipient: 'Monsieur X' }, /neither a player nor a player role/],
      ['no scenario', { scenario: '' }, /scenario/],
      ['no expected action', { expectedAction: undefined }, /expectedAction/],
      ['an unknown field', { priority: 'haute' }, /priority/],
    ])('adding an inject with %s', async (_why, patch, message) => {
      const before = await count();
      const body = { scenario: 'La Moselle déborde', recipient: 'communication', means: 'console', expectedAction: 'Alerter les maires', offsetMinutes: 5, ...patch };
      const res = await t.http().post(`/api/exercises/${run.id}/injects`).set(auth(director)).send(body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toMatch(message);
      expect(await count()).toEqual(before);
    });

    it.each<[string, () => [string, string, Record<string, unknown>?], number, RegExp]>([
      ['the MSEL of a planned exercise', () => ['post', `/api/exercises/${planned.id}/msel/start`], 409, /planned/],
      ['the MSEL started twice', () => ['post', `/api/exercises/${run.id}/msel/start`], 409, /already been started/],
      ['a resume without a pause', () => ['post', `/api/exercises/${run.id}/msel/resume`], 409, /not paused/],
      ['a skip of a delivered inject', () => ['post', `/api/exercises/${run.id}/injects/${delivered}/skip`, {}], 409, /already delivered/],
      ['a skip of an unknown inject', () => ['post', `/api/exercises/${run.id}/injects/00000000-0000-4000-8000-000000000000/skip`, {}], 404, /no inject/],
      ['a delivery of an inject of another exercise', () => ['post', `/api/exercises/${planned.id}/injects/${pending}/deliver`], 409, /not running/],
      ['a delivery of a delivered inject', () => ['post', `/api/exercises/${run.id}/injects/${delivered}/deliver`], 409, /already delivered/],
      ['a response to an inject not delivered', () => ['post', `/api/exercises/${run.id}/injects/${pending}/response`, { text: 'Reçu' }], 409, /not been delivered/],
      ['an empty response', () => ['post', `/api/exercises/${run.id}/injects/${delivered}/response`, { text: '' }], 400, /text must be the response/],
      ['an unknown exercise', () => ['get', '/api/exercises/not-an-id/injects'], 404, /No exercise/],
    ])('%s', async (_why, req, status, message) => {
      const before = await count();
      const [method, path, body] = req();
      const r =
        method === 'get'
          ? t.http().get(path).set(auth(director))
          : t
              .http()
              .post(path)
              .set(auth(director))
              .send(body ?? {});
      const res = await r;
      expect(res.status).toBe(status);
      expect(res.body.message).toMatch(message);
      expect(await count()).toEqual(before);
    });

    it('refuses the director’s controls to the players (communication staff)', async () => {
      expect((await t.http().post(`/api/exercises/${run.id}/msel/pause`).set(auth(com))).status).toBe(403);
      expect((await t.http().post(`/api/exercises/${run.id}/injects`).set(auth(com)).send({})).status).toBe(403);
    });
  });
});
