import { DataSource } from 'typeorm';
import { createEvent } from '../events/support';
import { startTestApp, TestApp } from '../support/test-app';
import { auditOf, auth, exerciseBody, inMinutes, planExercise, startExercise } from './support';

/** The programme of a year (C3): plan, change, cancel, start as an exercise event, the standing, the calendar feed. */
describe('exercise programme', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let duty: string;
  let reviewer: string;

  beforeAll(async () => {
    t = await startTestApp({ EXERCISES_TARGET_PER_YEAR: '3' });
    duty = (await t.userWithRole('duty_officer', 'astreinte')).token;
    reviewer = (await t.userWithRole('reviewer', 'relecteur')).token;
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (table: string) => Number((await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  it('plans a year, says whether it is on track, and starts an exercise as an event with its clocks', async () => {
    const year = new Date(exerciseBody().plannedAt as string).getFullYear();
    let p = (await t.http().get(`/api/exercises/programme?year=${year}`).set(auth(reviewer)).expect(200)).body;
    expect(p).toMatchObject({ year, target: 3, held: 0, planned: 0, onTrack: false, behindBy: 3 });

    const a = await planExercise(t, duty);
    const b = await planExercise(t, duty, {
      title: 'Feu de forêt — Vologne',
      kind: 'forest_fire',
      type: 'tabletop',
      plannedAt: new Date(Date.parse(exerciseBody().plannedAt as string) + 86_400_000).toISOString(),
    });
    expect(a.status).toBe('planned');
    expect(a.players.map((x) => x.name)).toEqual(['Claire Dupont', 'Luc Marchal']);
    // The director's phone is stored in E.164.
    expect((await t.http().get(`/api/exercises/${a.id}`).set(auth(reviewer)).expect(200)).body.director.phone).toBe('+33612345678');

    p = (await t.http().get(`/api/exercises/programme?year=${year}`).set(auth(reviewer)).expect(200)).body;
    expect(p).toMatchObject({ held: 0, planned: 2, onTrack: false, behindBy: 1 });
    // A target of its own for that year.
    p = (await t.http().put(`/api/exercises/programme/${year}`).set(auth(duty)).send({ target: 2 }).expect(200)).body;
    expect(p).toMatchObject({ target: 2, onTrack: true, behindBy: 0 });

    // Moved while planned; cancelled.
    const moved = await t.http().patch(`/api/exercises/${b.id}`).set(auth(duty)).send({ title: 'Feu de forêt — massif de la Vologne' }).expect(200);
    expect(moved.body.title).toBe('Feu de forêt — massif de la Vologne');
    await t.http().post(`/api/exercises/${b.id}/cancel`).set(auth(duty)).send({ reason: 'Pompiers indisponibles' }).expect(200);
    p = (await t.http().get(`/api/exercises/programme?year=${year}`).set(auth(reviewer)).expect(200)).body;
    expect(p).toMatchObject({ held: 0, planned: 1, cancelled: 1, onTrack: false, behindBy: 1 });

    // Started from the programme: an exercise event, linked, whose clocks run like a real one's.
    const started = await startExercise(t, duty, a.id);
    expect(started.status).toBe('running');
    const event = (await t.http().get(`/api/events/${started.eventId}`).set(auth(reviewer)).expect(200)).body;
    expect(event).toMatchObject({ mode: 'exercise', title: 'Crue de la Moselle à Épinal', kind: 'flood', communes: [{ code: '88160', name: 'Épinal' }] });
    await t.http().post(`/api/events/${started.eventId}/cod-activation`).set(auth(duty)).send({ decidedBy: 'M. le Préfet' }).expect(200);
    const clocks = (await t.http().get(`/api/events/${started.eventId}/commitments`).set(auth(reviewer)).expect(200)).body;
    const c2 = clocks.commitments.find((c: { key: string }) => c.key === 'C2-public');
    expect(c2.status).toBe('pending');
    expect(Date.parse(c2.dueAt) - Date.parse(event.createdAt)).toBeGreaterThan(59 * 60_000);
    const timers = await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM event_timers WHERE event_id = $1', [started.eventId]);
    expect(timers[0].n).toBeGreaterThan(0);
    // The start is in the event's timeline, in French.
    const timeline = (await t.http().get(`/api/events/${started.eventId}/timeline`).set(auth(reviewer)).expect(200)).body;
    expect(timeline.entries.map((e: { label: string }) => e.label)).toContain('Exercice lancé depuis le programme');

    p = (await t.http().get(`/api/exercises/programme?year=${year}`).set(auth(reviewer)).expect(200)).body;
    expect(p).toMatchObject({ held: 1, planned: 0, onTrack: false, behindBy: 1 });
    // Closing the event makes the exercise held.
    await t.http().post(`/api/events/${started.eventId}/close`).set(auth(duty)).send({}).expect(200);
    expect((await t.http().get(`/api/exercises/${a.id}`).set(auth(reviewer)).expect(200)).body.status).toBe('held');
    expect((await t.http().post(`/api/exercises/${a.id}/start`).set(auth(duty)).send({})).status).toBe(409);
  });

  it('offers the programme as an iCalendar feed in Paris time, behind a per-user token', async () => {
    const plannedAt = '2027-07-01T07:30:00.000Z'; // 09:30 in Paris (summer time)
    const e = await planExercise(t, duty, { title: 'Canicule — exercice sur table', plannedAt, kind: 'heat_wave', type: 'tabletop' });
    const c = await planExercise(t, duty, { title: 'Exercice annulé', plannedAt: '2027-02-01T08:00:00.000Z' });
    await t.http().post(`/api/exercises/${c.id}/cancel`).set(auth(duty)).send({}).expect(200);

    expect((await t.http().get('/api/exercises/calendar.ics')).status).toBe(401);
    expect((await t.http().get('/api/exercises/calendar.ics?token=guessed')).status).toBe(401);
    const first = (await t.http().post('/api/exercises/calendar-token').set(auth(reviewer)).expect(201)).body.url as string;
    const second = (await t.http().post('/api/exercises/calendar-token').set(auth(reviewer)).expect(201)).body.url as string;
    const path = (u: string) => new URL(u).pathname + new URL(u).search;
    // A new token revokes the old one; only the hash is stored.
    expect((await t.http().get(path(first))).status).toBe(401);
    const stored = await t.app.get(DataSource).query('SELECT token_hash FROM exercise_calendar_tokens');
    expect(stored[0].token_hash).not.toContain(new URL(second).searchParams.get('token'));

    const res = await t.http().get(path(second)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const ics = res.text as string;
    const unfolded = ics.replace(/\r\n[ \t]/g, '');
    const events = unfolded
      .split('BEGIN:VEVENT')
      .slice(1)
      .map((block) =>
        Object.fromEntries(
          block
            .split('\r\n')
            .filter((l) => l.includes(':'))
            .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]),
        ),
      );
    expect(unfolded.startsWith('BEGIN:VCALENDAR')).toBe(true);
    expect(unfolded).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Paris');
    const mine = events.find((v) => v.UID === `exercise-${e.id}@localhost:3000`)!;
    expect(mine).toBeDefined();
    expect(mine['DTSTART;TZID=Europe/Paris']).toBe('20270701T093000');
    expect(mine.SUMMARY).toBe('Exercice : Canicule — exercice sur table');
    expect(mine.STATUS).toBe('CONFIRMED');
    const cancelled = events.find((v) => v.UID === `exercise-${c.id}@localhost:3000`)!;
    expect(cancelled.STATUS).toBe('CANCELLED');
    expect(cancelled['DTSTART;TZID=Europe/Paris']).toBe('20270201T090000');
  });

  it('stops a calendar token when its user is deactivated', async () => {
    const user = await t.userWithRole('reviewer', 'relecteur-inactif');
    const url = (await t.http().post('/api/exercises/calendar-token').set(auth(user.token)).expect(201)).body.url as string;
    const path = new URL(url).pathname + new URL(url).search;
    await t.http().get(path).expect(200);
    await t
      .http()
      .patch(`/api/users/${user.id}`)
      .set(auth(await t.adminToken()))
      .send({ active: false })
      .expect(200);
    const res = await t.http().get(path);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('calendar_token_invalid');
  });

  describe('bad input: a clear 4xx and nothing written', () => {
    it.each<[string, Record<string, unknown>, RegExp]>([
      ['a date in the past', { plannedAt: inMinutes(-5) }, /past/],
      ['a date that is not a date', { plannedAt: 'mardi prochain' }, /plannedAt must be a date/],
      ['an unknown type', { type: 'drill' }, /type must be one of/],
      ['an unknown kind', { kind: 'volcano' }, /kind must be one of/],
      ['an unknown commitment', { commitments: ['C5'] }, /commitment must be one of/],
      ['a director without an email', { director: { name: 'Anne Lefèvre', email: 'anne.lefevre' } }, /director.*not a valid email/],
      ['a director with a landline', { director: { name: 'Anne Lefèvre', email: 'anne@example.org', phone: '03 29 69 88 88' } }, /not a mobile number/],
      ['a player with a bad phone', { players: [{ name: 'Claire Dupont', role: 'communication', phone: '12' }] }, /players\[0\].*not a valid phone/],
      ['a player without a role', { players: [{ name: 'Claire Dupont', role: '' }] }, /role must be a short text/],
      [
        'the same player twice',
        {
          players: [
            { name: 'Claire Dupont', role: 'a1' },
            { name: 'claire dupont', role: 'b2' },
          ],
        },
        /already a player/,
      ],
      ['an unknown commune', { communes: ['99999'] }, /99999/],
      ['an unknown field', { urgent: true }, /urgent/],
    ])('%s', async (_why, patch, message) => {
      const before = [await count('exercises'), await count('audit_log'), await count('exercise_reminders')];
      const res = await t
        .http()
        .post('/api/exercises')
        .set(auth(duty))
        .send({ ...exerciseBody(), ...patch });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toMatch(message);
      expect([await count('exercises'), await count('audit_log'), await count('exercise_reminders')]).toEqual(before);
    });

    it('refuses communication staff (players), unknown ids, a bad year, a bad target, and changes to an exercise that is not planned', async () => {
      const player = (await t.userWithRole('communication', 'joueuse')).token;
      expect((await t.http().post('/api/exercises').set(auth(player)).send(exerciseBody())).status).toBe(403);
      expect((await t.http().get('/api/exercises/not-an-id').set(auth(reviewer))).status).toBe(404);
      expect((await t.http().post('/api/exercises/00000000-0000-4000-8000-000000000000/start').set(auth(duty)).send({})).status).toBe(404);
      expect((await t.http().get('/api/exercises/programme?year=26').set(auth(reviewer))).status).toBe(400);
      const audit = await count('audit_log');
      expect((await t.http().put('/api/exercises/programme/2030').set(auth(duty)).send({ target: -1 })).status).toBe(400);
      expect((await t.http().put('/api/exercises/programme/2030').set(auth(duty)).send({ target: 'quatre' })).status).toBe(400);
      expect((await t.http().put('/api/exercises/programme/1999').set(auth(duty)).send({ target: 4 })).status).toBe(400);
      expect(await count('audit_log')).toBe(audit);
      expect((await t.http().get('/api/exercises/programme?year=2030').set(auth(reviewer)).expect(200)).body.target).toBe(3);
      const x = await planExercise(t, duty, { communes: [] });
      const writes = [await count('audit_log'), await count('exercise_reminders')];
      expect((await t.http().patch(`/api/exercises/${x.id}`).set(auth(duty)).send({})).status).toBe(400);
      expect(
        (
          await t
            .http()
            .patch(`/api/exercises/${x.id}`)
            .set(auth(duty))
            .send({ plannedAt: inMinutes(-1) })
        ).status,
      ).toBe(400);
      expect(
        (
          await t
            .http()
            .patch(`/api/exercises/${x.id}`)
            .set(auth(duty))
            .send({ players: [{ name: 'X', role: 'communication' }] })
        ).status,
      ).toBe(400);
      expect((await t.http().post(`/api/exercises/${x.id}/end`).set(auth(duty)).send({})).status).toBe(409);
      expect([await count('audit_log'), await count('exercise_reminders')]).toEqual(writes);
      const events = await count('events');
      // No communes of its own and none given: refused, and no event is created.
      const noCommunes = await t.http().post(`/api/exercises/${x.id}/start`).set(auth(duty)).send({});
      expect(noCommunes.status).toBe(400);
      expect(noCommunes.body.message).toMatch(/communes/);
      expect(
        (
          await t
            .http()
            .post(`/api/exercises/${x.id}/start`)
            .set(auth(duty))
            .send({ communes: ['00000'] })
        ).status,
      ).toBe(400);
      expect(await count('events')).toBe(events);
      await t
        .http()
        .post(`/api/exercises/${x.id}/start`)
        .set(auth(duty))
        .send({ communes: ['88160'] })
        .expect(200);
      const patch = await t.http().patch(`/api/exercises/${x.id}`).set(auth(duty)).send({ title: 'Autre titre' });
      expect(patch.status).toBe(409);
      expect(patch.body.message).toMatch(/running/);
      expect((await t.http().post(`/api/exercises/${x.id}/cancel`).set(auth(duty)).send({})).status).toBe(409);
      expect((await auditOf(t, 'exercise.started', x.id)).length).toBe(1);
      // The director ends it: held, and counted as such.
      const ended = await t.http().post(`/api/exercises/${x.id}/end`).set(auth(duty)).send({ reason: 'Objectifs atteints' });
      expect(ended.status).toBe(200);
      expect(ended.body.status).toBe('held');
      expect((await t.http().post(`/api/exercises/${x.id}/end`).set(auth(duty)).send({})).status).toBe(409);
      // An event created by hand is not an exercise of the programme.
      expect(await createEvent(t, duty, { mode: 'exercise' })).toBeDefined();
    });
  });
});
