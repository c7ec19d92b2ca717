import { DataSource } from 'typeorm';
import { EventTimersService } from '../../src/modules/events/event-timers.service';
import { startTestApp, TestApp } from '../support/test-app';
import { createRealDatabase, describeRealPostgres } from '../support/test-database';
import { createEvent, secondsAgo, waitFor } from './support';

describeRealPostgres('two instances on one real PostgreSQL', () => {
  jest.setTimeout(120_000);

  it('fire each deadline exactly once, whether by their own timers or racing on the same row', async () => {
    const db = await createRealDatabase();
    const env = { CLOCK_C4_MINUTES: '1', TIMER_SWEEP_SECONDS: '1' };
    const a: TestApp = await startTestApp(env, { db });
    const b: TestApp = await startTestApp(env, { db });
    try {
      const prefect = await a.userWithRole('prefect', 'prefet');
      // Instance A records the order; instance B learns of the timer only through its sweep.
      const events = [];
      for (let i = 0; i < 5; i++) {
        const event = await createEvent(a, prefect.token, { title: `Tempête ${i}` });
        await a
          .http()
          .post(`/api/events/${event.id}/cip-order`)
          .set('Authorization', `Bearer ${prefect.token}`)
          .send({ nationalNumber: '0800130000', orderedBy: 'M. le Préfet', orderedAt: secondsAgo(57) })
          .expect(200);
        events.push(event);
      }
      const admin = await a.adminToken();
      const missedFor = async (id: string) => (await a.http().get(`/api/audit?subjectType=event&subjectId=${id}&action=clock.missed`).set('Authorization', `Bearer ${admin}`)).body.items as unknown[];
      for (const e of events) await waitFor(`deadline of ${e.id}`, async () => (await missedFor(e.id)).length > 0, 30_000);
      // Give both instances time to try again (sweep every second).
      await new Promise((r) => setTimeout(r, 3000));
      for (const e of events) expect(await missedFor(e.id)).toHaveLength(1);
      const [{ fired, total }] = await a.app.get(DataSource).query(`SELECT count(*) FILTER (WHERE fired_at IS NOT NULL)::int AS fired, count(*)::int AS total FROM event_timers`);
      expect(fired).toBe(total);

      // A direct race on one row: both call fire() at the same instant.
      const event = await createEvent(b, prefect.token, { title: 'Course' });
      await b
        .http()
        .post(`/api/events/${event.id}/cip-order`)
        .set('Authorization', `Bearer ${prefect.token}`)
        .send({ nationalNumber: '0800130000', orderedBy: 'M. le Préfet', orderedAt: secondsAgo(59.5) })
        .expect(200);
      const [{ id }] = await b.app.get(DataSource).query(`SELECT id FROM event_timers WHERE event_id = $1 AND kind = 'deadline'`, [event.id]);
      await new Promise((r) => setTimeout(r, 600));
      const results = await Promise.all([a.app.get(EventTimersService).fire(id), b.app.get(EventTimersService).fire(id), a.app.get(EventTimersService).fire(id)]);
      expect(results.filter((r) => r !== null).length).toBeLessThanOrEqual(1);
      await waitFor('the raced deadline', async () => (await missedFor(event.id)).length > 0, 10_000);
      await new Promise((r) => setTimeout(r, 2000));
      expect(await missedFor(event.id)).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
      await db.stop();
    }
  });
});
