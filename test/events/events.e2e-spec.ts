import { installDatabaseClock } from '../support/database-clock';
import { createTestDatabase } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';
import { createEvent, secondsAgo, VOSGES, waitFor } from './support';

type Clock = { key: string; status: string; dueAt: string; minutesLeft: number | null; startedAt: string | null };

describe('major events and the commitment clocks, through HTTP', () => {
  jest.setTimeout(240_000);

  it('runs the scenario: create, COD decided 5 minutes ago, C2 due in 55, restart, a short C4 passes, warnings and deadline in the timeline', async () => {
    const db = await createTestDatabase();
    // C4 on a two-minute clock with a warning one minute before: the test sees both fire.
    const env = { CLOCK_C4_MINUTES: '2', CLOCK_WARNING_LEAD_MINUTES: '15,5,1', TIMER_SWEEP_SECONDS: '2' };
    // On the real server the minute between the warning and the deadline passes on the database's clock, not in real time.
    const clock = await installDatabaseClock(db);
    let t: TestApp = await startTestApp(env, { db });
    try {
      const duty = await t.userWithRole('duty_officer', 'astreinte');
      const auth = { Authorization: `Bearer ${duty.token}` };
      const event = await createEvent(t, duty.token);
      expect(event.status).toBe('open');
      expect(event.communes).toEqual([
        { code: '88160', name: 'Épinal' },
        { code: '88196', name: 'Gérardmer' },
      ]);

      const decidedAt = secondsAgo(5 * 60 - 2);
      const cod = await t.http().post(`/api/events/${event.id}/cod-activation`).set(auth).send({ decidedBy: 'M. le Préfet', decidedAt });
      expect(cod.status).toBe(200);
      expect(cod.body.status).toBe('cod_active');
      expect(cod.body.cod.decidedAt).toBe(new Date(decidedAt).toISOString());
      expect(new Date(cod.body.cod.recordedAt).getTime()).toBeGreaterThan(new Date(decidedAt).getTime());

      const before = (await t.http().get(`/api/events/${event.id}/commitments`).set(auth)).body.commitments as Clock[];
      const c2 = before.filter((c) => c.key.startsWith('C2-'));
      expect(c2.map((c) => c.key)).toEqual(['C2-elected', 'C2-public', 'C2-media']);
      for (const c of c2) {
        expect(c.status).toBe('pending');
        expect(c.dueAt).toBe(new Date(new Date(decidedAt).getTime() + 3_600_000).toISOString());
        expect(c.minutesLeft).toBeGreaterThanOrEqual(54.9);
        expect(c.minutesLeft).toBeLessThanOrEqual(55.1);
      }
      expect(before.find((c) => c.key === 'C4')!.status).toBe('not_started');

      // Restart on the same database: the same due times.
      await t.close();
      t = await startTestApp(env, { db });
      const dutyToken = await t.login('astreinte', 'astreinte-password-123');
      const auth2 = { Authorization: `Bearer ${dutyToken}` };
      const after = (await t.http().get(`/api/events/${event.id}/commitments`).set(auth2)).body.commitments as Clock[];
      expect(after.filter((c) => c.key.startsWith('C2-')).map((c) => c.dueAt)).toEqual(c2.map((c) => c.dueAt));

      // The prefect orders the CIP 50 s ago: the 1-minute warning fires in ~10 s, the deadline a minute later (5 s after the warning once the database's clock is moved on).
      const order = await t
        .http()
        .post(`/api/events/${event.id}/cip-order`)
        .set(auth2)
        .send({ nationalNumber: '0 800 130 000', orderedBy: 'M. le Préfet', orderedAt: secondsAgo(50) });
      expect(order.status).toBe(200);
      expect(order.body.cip.nationalNumber).toBe('+33800130000');

      const timeline = async () => (await t.http().get(`/api/events/${event.id}/timeline`).set(auth2)).body.entries as { action: string; payload: Record<string, unknown>; tPlusMinutes: number }[];
      const warning = await waitFor('the C4 warning', async () => (await timeline()).find((e) => e.action === 'clock.warning' && e.payload.key === 'C4'));
      expect(warning.payload.leadMinutes).toBe(1);
      await clock?.advance(55);
      const missed = await waitFor('the C4 deadline', async () => (await timeline()).find((e) => e.action === 'clock.missed' && e.payload.key === 'C4'), 150_000);
      expect(missed.payload.late).toBe(false);

      const final = (await t.http().get(`/api/events/${event.id}/commitments`).set(auth2)).body.commitments as Clock[];
      expect(final.find((c) => c.key === 'C4')!.status).toBe('missed');
      expect(final.find((c) => c.key === 'C2-public')!.status).toBe('pending');

      const entries = await timeline();
      expect(entries.map((e) => e.action)).toEqual(['event.created', 'event.cod_activated', 'event.cip_ordered', 'clock.warning', 'clock.missed']);
      expect(entries[1].tPlusMinutes).toBeGreaterThanOrEqual(4.9);
      expect(entries.filter((e) => e.action === 'clock.missed')).toHaveLength(1);
    } finally {
      await t.close();
      await db.stop();
    }
  });

  it('fires a deadline that passed while the app was stopped once, at the next boot, flagged late', async () => {
    const db = await createTestDatabase();
    const env = { CLOCK_C4_MINUTES: '1', TIMER_SWEEP_SECONDS: '60' };
    const clock = await installDatabaseClock(db);
    let t = await startTestApp(env, { db });
    const duty = await t.userWithRole('prefect', 'prefet');
    const event = await createEvent(t, duty.token);
    const order = await t
      .http()
      .post(`/api/events/${event.id}/cip-order`)
      .set('Authorization', `Bearer ${duty.token}`)
      .send({ nationalNumber: '0800130000', orderedBy: 'M. le Préfet', orderedAt: secondsAgo(57) });
    expect(order.status).toBe(200);
    await t.close();
    // The deadline (3 s ahead) passes while nothing runs: on the database's clock on the real server, else in real time.
    if (clock) await clock.advance(5);
    else await new Promise((r) => setTimeout(r, 5000));
    try {
      for (let boot = 0; boot < 2; boot++) {
        t = await startTestApp(env, { db });
        const token = await t.login('prefet', 'prefet-password-123');
        const missed = await waitFor(
          'the deadline fired at boot',
          async () => {
            const res = await t
              .http()
              .get(`/api/audit?subjectType=event&subjectId=${event.id}&action=clock.missed`)
              .set('Authorization', `Bearer ${await t.adminToken()}`);
            return res.body.total > 0 ? res.body.items : null;
          },
          20_000,
        );
        expect(missed).toHaveLength(1);
        expect(missed[0].payload.late).toBe(true);
        expect(missed[0].payload.lateByMs).toBeGreaterThan(1000);
        const clocks = (await t.http().get(`/api/events/${event.id}/commitments`).set('Authorization', `Bearer ${token}`)).body.commitments as Clock[];
        expect(clocks.find((c) => c.key === 'C4')!.status).toBe('missed');
        await new Promise((r) => setTimeout(r, 500));
        await t.close();
      }
    } finally {
      await db.stop();
    }
  });
});

describe('refusals: each bad input gets a 4xx a person understands, and nothing is written', () => {
  let t: TestApp;
  let duty: string;
  let prefect: string;
  let comms: string;
  beforeAll(async () => {
    t = await startTestApp();
    duty = (await t.userWithRole('duty_officer')).token;
    prefect = (await t.userWithRole('prefect')).token;
    comms = (await t.userWithRole('communication')).token;
  });
  afterAll(() => t.close());

  const auditCount = async () =>
    (
      await t
        .http()
        .get('/api/audit?pageSize=1')
        .set('Authorization', `Bearer ${await t.adminToken()}`)
    ).body.total as number;

  it.each([
    [{ communes: ['88160', '99999'] }, 'Unknown INSEE commune code(s): 99999'],
    [{ communes: [] }, 'communes must name at least one affected commune'],
    [{ kind: 'volcano' }, 'kind must be one of: forest_fire'],
    [{ mode: 'drill' }, 'mode must be real or exercise'],
    [{ title: '' }, 'title must have at least 3 characters'],
  ])('refuses to create an event with %j', async (override, message) => {
    const before = await auditCount();
    const res = await t
      .http()
      .post('/api/events')
      .set('Authorization', `Bearer ${duty}`)
      .send({ title: 'Inondation', kind: 'flood', mode: 'real', communes: VOSGES, ...override });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(message);
    expect(await auditCount()).toBe(before);
  });

  it.each([
    ['a decision in the future', { decidedAt: new Date(Date.now() + 10 * 60_000).toISOString() }, 400, 'decidedAt'],
    ['a retroactive decision without a reason', { decidedAt: secondsAgo(20 * 60) }, 400, 'reason'],
    ['a decision time that is not a date', { decidedAt: 'tonight' }, 400, 'decidedAt must be a date and time'],
    ['no decidedBy', { decidedBy: undefined }, 400, 'decidedBy must name who decided'],
  ])('refuses a COD activation with %s', async (_label, override, status, message) => {
    const event = await createEvent(t, duty);
    const before = await auditCount();
    const res = await t
      .http()
      .post(`/api/events/${event.id}/cod-activation`)
      .set('Authorization', `Bearer ${duty}`)
      .send({ decidedBy: 'M. le Préfet', ...override });
    expect(res.status).toBe(status);
    expect(res.body.message).toContain(message);
    expect(await auditCount()).toBe(before);
    expect((await t.http().get(`/api/events/${event.id}`).set('Authorization', `Bearer ${duty}`)).body.status).toBe('open');
  });

  it('accepts a retroactive decision with its reason, keeping both times', async () => {
    const event = await createEvent(t, duty);
    const decidedAt = secondsAgo(15 * 60);
    const res = await t
      .http()
      .post(`/api/events/${event.id}/cod-activation`)
      .set('Authorization', `Bearer ${duty}`)
      .send({ decidedBy: 'M. le Préfet', decidedAt, reason: 'Décision prise par téléphone à 02:10, saisie à 02:25' });
    expect(res.status).toBe(200);
    expect(res.body.cod.reason).toMatch(/téléphone/);
    const clocks = (await t.http().get(`/api/events/${event.id}/commitments`).set('Authorization', `Bearer ${duty}`)).body.commitments as Clock[];
    expect(clocks.find((c) => c.key === 'C2-media')!.dueAt).toBe(new Date(new Date(decidedAt).getTime() + 3_600_000).toISOString());
  });

  it('refuses a second COD activation with 409, and two at once give one activation', async () => {
    const event = await createEvent(t, duty);
    const send = () => t.http().post(`/api/events/${event.id}/cod-activation`).set('Authorization', `Bearer ${duty}`).send({ decidedBy: 'M. le Préfet' });
    const results = await Promise.all([send(), send()]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const refused = results.find((r) => r.status === 409)!;
    expect(refused.body.message).toMatch(/COD was already activated/);
    const again = await send();
    expect(again.status).toBe(409);
    const timeline = (await t.http().get(`/api/events/${event.id}/timeline`).set('Authorization', `Bearer ${duty}`)).body.entries;
    expect(timeline.filter((e: { action: string }) => e.action === 'event.cod_activated')).toHaveLength(1);
  });

  it('refuses a CIP order from a role other than prefect or duty officer with 403', async () => {
    const event = await createEvent(t, duty);
    const res = await t.http().post(`/api/events/${event.id}/cip-order`).set('Authorization', `Bearer ${comms}`).send({ nationalNumber: '0800130000', orderedBy: 'M. le Préfet' });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/reserved for: prefect \/ cabinet, duty officer/);
    expect((await t.http().get(`/api/events/${event.id}`).set('Authorization', `Bearer ${duty}`)).body.cip).toBeNull();
  });

  it.each([['12'], ['not a number'], ['+44 20 7946 0000']])('refuses a CIP order with the number %s', async (nationalNumber) => {
    const event = await createEvent(t, duty);
    const before = await auditCount();
    const res = await t.http().post(`/api/events/${event.id}/cip-order`).set('Authorization', `Bearer ${prefect}`).send({ nationalNumber, orderedBy: 'M. le Préfet' });
    expect(res.status).toBe(400);
    expect(res.body.message.length).toBeGreaterThan(20);
    expect(await auditCount()).toBe(before);
  });

  it('refuses any change to a closed event with 409', async () => {
    const event = await createEvent(t, duty);
    expect((await t.http().post(`/api/events/${event.id}/close`).set('Authorization', `Bearer ${prefect}`).send({ reason: 'Fin de l’événement' })).status).toBe(200);
    const before = await auditCount();
    const attempts = [
      t.http().post(`/api/events/${event.id}/cod-activation`).set('Authorization', `Bearer ${duty}`).send({ decidedBy: 'M. le Préfet' }),
      t.http().post(`/api/events/${event.id}/cip-order`).set('Authorization', `Bearer ${duty}`).send({ nationalNumber: '0800130000', orderedBy: 'M. le Préfet' }),
      t.http().post(`/api/events/${event.id}/facts`).set('Authorization', `Bearer ${duty}`).send({ audience: 'public', description: 'Communiqué', means: 'radio' }),
      t.http().post(`/api/events/${event.id}/close`).set('Authorization', `Bearer ${duty}`).send({}),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/closed/);
    }
    expect(await auditCount()).toBe(before);
  });

  it('answers 404 for an unknown event and 400 for a fact with an unknown audience', async () => {
    expect((await t.http().get('/api/events/00000000-0000-0000-0000-000000000000').set('Authorization', `Bearer ${duty}`)).status).toBe(404);
    expect((await t.http().get('/api/events/nope/commitments').set('Authorization', `Bearer ${duty}`)).status).toBe(404);
    const event = await createEvent(t, duty);
    const res = await t.http().post(`/api/events/${event.id}/facts`).set('Authorization', `Bearer ${duty}`).send({ audience: 'everyone', description: 'x y z', means: 'radio' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('audience must be one of: elected, public, media');
  });

  it('answers 404 for the deliveries of an unknown event, and an empty list for an event that sent nothing', async () => {
    for (const id of ['00000000-0000-0000-0000-000000000000', 'nope']) {
      const res = await t.http().get(`/api/events/${id}/deliveries`).set('Authorization', `Bearer ${duty}`);
      expect(res.status).toBe(404);
      expect(res.body.error).toBe('event_not_found');
    }
    const event = await createEvent(t, duty);
    const res = await t.http().get(`/api/events/${event.id}/deliveries`).set('Authorization', `Bearer ${duty}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it('gives readers polling an event together its state, and a decision is seen by every read after it', async () => {
    const event = await createEvent(t, duty);
    const read = () =>
      Promise.all([
        ...Array.from({ length: 10 }, () => t.http().get(`/api/events/${event.id}`).set('Authorization', `Bearer ${duty}`)),
        ...Array.from({ length: 10 }, () => t.http().get(`/api/events/${event.id}/commitments`).set('Authorization', `Bearer ${duty}`)),
      ]);
    const before = await read();
    expect(before.every((r) => r.status === 200)).toBe(true);
    expect(before.slice(0, 10).map((r) => r.body.status)).toEqual(Array(10).fill('open'));
    // Readers still polling while the decision commits: whatever they got, every read started after its answer sees it.
    const polling = read();
    await t.http().post(`/api/events/${event.id}/cod-activation`).set('Authorization', `Bearer ${duty}`).send({ decidedBy: 'M. le Préfet' }).expect(200);
    const after = await read();
    await polling;
    expect(after.slice(0, 10).map((r) => r.body.status)).toEqual(Array(10).fill('cod_active'));
    for (const r of after.slice(10)) expect((r.body.commitments as Clock[]).find((c) => c.key === 'C2-elected')!.status).toBe('pending');
    for (const r of before.slice(10)) expect((r.body.commitments as Clock[]).find((c) => c.key === 'C2-elected')!.status).toBe('not_started');
  });

  it('meets a C2 clock with a manual fact, shown as manual, in exercise mode too', async () => {
    const event = await createEvent(t, duty, { mode: 'exercise' });
    await t.http().post(`/api/events/${event.id}/cod-activation`).set('Authorization', `Bearer ${duty}`).send({ decidedBy: 'M. le Préfet' }).expect(200);
    const fact = await t
      .http()
      .post(`/api/events/${event.id}/facts`)
      .set('Authorization', `Bearer ${duty}`)
      .send({ audience: 'elected', description: 'Appel aux maires des communes touchées', means: 'téléphone' });
    expect(fact.status).toBe(201);
    const body = (await t.http().get(`/api/events/${event.id}/commitments`).set('Authorization', `Bearer ${duty}`)).body;
    expect(body.mode).toBe('exercise');
    const elected = body.commitments.find((c: Clock) => c.key === 'C2-elected');
    expect(elected.status).toBe('met');
    expect(elected.manual).toBe(true);
    expect(body.commitments.find((c: Clock) => c.key === 'C2-public').status).toBe('pending');
  });
});
