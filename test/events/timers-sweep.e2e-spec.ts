import { DataSource } from 'typeorm';
import { EventTimersService } from '../../src/modules/events/event-timers.service';
import { startTestApp, TestApp } from '../support/test-app';
import { createEvent, waitFor } from './support';

describe('the timers sweep', () => {
  jest.setTimeout(60_000);

  it('fires a row already due on the database clock that this process armed for later', async () => {
    // No automatic sweep during the test: it is called by hand.
    const t: TestApp = await startTestApp({ TIMER_SWEEP_SECONDS: '3600' });
    try {
      const prefect = await t.userWithRole('prefect', 'prefet');
      const event = await createEvent(t, prefect.token);
      // C4 starts now: its deadline is an hour away, and this process has armed a timeout for it.
      await t.http().post(`/api/events/${event.id}/cip-order`).set('Authorization', `Bearer ${prefect.token}`).send({ nationalNumber: '0800130000', orderedBy: 'M. le Préfet' }).expect(200);
      const ds = t.app.get(DataSource);
      // The row becomes due on the database clock while the host timeout still waits an hour.
      const [{ id }] = await ds.query(`UPDATE event_timers SET fire_at = clock_timestamp() - interval '1 second' WHERE event_id = $1 AND kind = 'deadline' RETURNING id`, [event.id]).then((r) => r[0]);
      const firedAt = async () => (await ds.query('SELECT fired_at FROM event_timers WHERE id = $1', [id]))[0].fired_at as Date | null;
      expect(await firedAt()).toBeNull();

      await t.app.get(EventTimersService).sweep();
      await waitFor('the due row fired', firedAt, 10_000);
    } finally {
      await t.close();
    }
  });
});
