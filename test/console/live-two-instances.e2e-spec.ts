import { createEvent, secondsAgo } from '../events/support';
import { BULLETIN, CSV_HEADER, inHours } from '../messages/support';
import { ChannelPeers, startChannelPeers } from '../peers/channel-peers';
import { startTestApp, TestApp } from '../support/test-app';
import { createRealDatabase, describeRealPostgres } from '../support/test-database';
import type { DatabaseHandle } from '../../src/database/database-handle';
import { connect, listen, LiveClient } from './live-support';

/**
 * Two instances on one real PostgreSQL, as behind a load balancer: a session
 * opened on one is valid on the other, and what one instance publishes after
 * its commit reaches the live clients of both (socket.io's PostgreSQL adapter).
 * That deadlines fire once with two instances is test/events/timers-two-instances
 * and test/faults/escalation-two-instances; here, that their live event reaches
 * each client once.
 */
describeRealPostgres('live updates across two instances on one database', () => {
  jest.setTimeout(180_000);
  let peers: ChannelPeers;
  let db: DatabaseHandle;
  let a: TestApp;
  let b: TestApp;
  let urlA: string;
  let urlB: string;

  beforeAll(async () => {
    peers = await startChannelPeers();
    db = await createRealDatabase();
    const env = { ...peers.env, DELIVERY_POLL_MS: '50', CLOCK_C4_MINUTES: '1', TIMER_SWEEP_SECONDS: '1' };
    a = await startTestApp(env, { db });
    // B sends nothing itself: whatever its clients receive about the dispatch was published by A.
    b = await startTestApp({ ...env, DELIVERY_WORKER: 'false' }, { db });
    urlA = await listen(a);
    urlB = await listen(b);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.stop();
    await peers?.stop();
  });

  it('a session opened on A holds on B, for the API and the live channel, and a logout on B ends it on A', async () => {
    const duty = await a.userWithRole('duty_officer', 'astreinte');
    const me = await b.http().get('/api/auth/me').set('Authorization', `Bearer ${duty.token}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'astreinte', role: 'duty_officer' });
    const onB = await connect(urlB, { token: duty.token });
    onB.close();

    await b.http().post('/api/auth/logout').set('Authorization', `Bearer ${duty.token}`).expect(204);
    expect((await a.http().get('/api/auth/me').set('Authorization', `Bearer ${duty.token}`)).status).toBe(401);
    await expect(connect(urlA, { token: duty.token })).rejects.toMatchObject({ data: { error: 'session_required' } });
  });

  it('a dispatch on A updates the client on B, once, after commit; a deadline reaches both clients once', async () => {
    const admin = await a.adminToken();
    const lines = Array.from({ length: 3 }, (_, i) => `mayor;Maire ${i};Mairie;88160;maire${i}@vosges.example.org;;non;two-instances`);
    await a
      .http()
      .post('/api/contacts/import?dryRun=false')
      .set('Authorization', `Bearer ${admin}`)
      .set('Content-Type', 'text/csv')
      .send([CSV_HEADER, ...lines].join('\n'))
      .expect(200);
    const listId = (await a.http().get('/api/contacts/lists').set('Authorization', `Bearer ${admin}`)).body.find((l: { name: string }) => l.name === 'two-instances').id;
    const writer = (await a.userWithRole('communication', 'redac')).token;
    const prefect = (await a.userWithRole('prefect', 'prefet')).token;
    const event = await createEvent(a, prefect);

    const clients: LiveClient[] = [];
    try {
      const onA = await connect(urlA, { token: prefect });
      const onB = await connect(urlB, { token: prefect });
      clients.push(onA, onB);
      expect(await onA.join(event.id)).toEqual({ ok: true, eventId: event.id });
      expect(await onB.join(event.id)).toEqual({ ok: true, eventId: event.id });

      const draft = await a
        .http()
        .post(`/api/events/${event.id}/messages`)
        .set('Authorization', `Bearer ${writer}`)
        .send({ ...BULLETIN, nextUpdateAt: inHours(1), audiences: ['elected'], channels: { elected: ['email'] }, listIds: { elected: [listId] } })
        .expect(201);
      await a.http().post(`/api/messages/${draft.body.id}/approve`).set('Authorization', `Bearer ${prefect}`).expect(200);
      await a.http().post(`/api/messages/${draft.body.id}/dispatch`).set('Authorization', `Bearer ${prefect}`).send({}).expect(200);

      // The dispatch's own publication (no counts yet), then A's worker's progress (with counts).
      const dispatched = (r: { type: string; payload: { data: Record<string, unknown> } }) =>
        r.type === 'delivery.changed' && r.payload.data.messageId === draft.body.id && !('counts' in r.payload.data);
      const got = await onB.next(dispatched);
      expect(got.payload).toEqual({ eventId: event.id, type: 'delivery.changed', data: { messageId: draft.body.id } });
      // Committed before it was sent: B can read the dispatched message when the update arrives.
      const listed = await b.http().get(`/api/events/${event.id}/messages`).set('Authorization', `Bearer ${prefect}`).expect(200);
      const items = (Array.isArray(listed.body) ? listed.body : listed.body.items) as { id: string; status: string }[];
      expect(items.find((m) => m.id === draft.body.id)?.status).toBe('dispatched');
      // A's delivery worker (B has none) reports its progress to B's client too.
      await onB.next((r) => r.type === 'delivery.changed' && r.payload.data.messageId === draft.body.id && 'counts' in r.payload.data, 60_000);
      await onA.next(dispatched);

      // A one-minute CIP clock ordered 57 s ago: its deadline fires on one of the two instances.
      await b
        .http()
        .post(`/api/events/${event.id}/cip-order`)
        .set('Authorization', `Bearer ${prefect}`)
        .send({ nationalNumber: '0800130000', orderedBy: 'M. le Préfet', orderedAt: secondsAgo(57) })
        .expect(200);
      await onA.next((r) => r.type === 'clock.missed', 30_000);
      await onB.next((r) => r.type === 'clock.missed', 30_000);
      // Both instances sweep every second: give them time to fire it again, if they could.
      await new Promise((r) => setTimeout(r, 3000));
      for (const c of clients) {
        expect(c.received.filter((r) => r.type === 'clock.missed')).toHaveLength(1);
        expect(c.received.filter(dispatched)).toHaveLength(1);
      }
    } finally {
      for (const c of clients) c.close();
    }
  });
});
