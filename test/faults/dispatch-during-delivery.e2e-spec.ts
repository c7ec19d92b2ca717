import { createEvent } from '../events/support';
import { importContacts, inHours, settled } from '../messages/support';
import { ChannelPeers, startChannelPeers } from '../peers/channel-peers';
import { describeRealPostgres } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Bulletins dispatched one after the other on one event while the worker
 * records the first acceptances of the earlier ones (each a C2 fact on that
 * event). Both take the event row and the audit chain; in two orders they
 * deadlocked and a dispatch answered 500. One order now: the event, then the chain.
 */
describeRealPostgres('dispatching while the worker records acceptances on the same event', () => {
  jest.setTimeout(240_000);
  let peers: ChannelPeers;
  let t: TestApp;

  beforeAll(async () => {
    peers = await startChannelPeers();
    t = await startTestApp({ ...peers.env, DELIVERY_POLL_MS: '20', DELIVERY_RATE_LIMITS: 'x=50,facebook=50' });
  });
  afterAll(async () => {
    await t?.close();
    await peers?.stop();
  });

  it('answers every dispatch and delivers every bulletin', async () => {
    const writer = (await t.userWithRole('communication', 'redaction')).token;
    const prefect = (await t.userWithRole('prefect', 'prefete')).token;
    const lines = Array.from({ length: 30 }, (_, i) => `mayor;Maire ${i};Mairie ${i};88160;maire${i}@vosges.example.org;;non;course`);
    const listId = await importContacts(t, await t.adminToken(), lines, 'course');
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      const event = await createEvent(t, prefect);
      await t.http().post(`/api/events/${event.id}/cod-activation`).set('Authorization', `Bearer ${prefect}`).send({ decidedBy: 'M. le Préfet' }).expect(200);
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) {
        const draft = await t
          .http()
          .post(`/api/events/${event.id}/messages`)
          .set('Authorization', `Bearer ${writer}`)
          .send({
            audiences: ['elected', 'public', 'media'],
            listIds: { elected: [listId], media: [listId] },
            facts: `Point ${round}.${i} : la Moselle monte.`,
            instructions: 'Évitez les berges.',
            nextUpdateAt: inHours(2),
          });
        expect(draft.status).toBe(201);
        await t.http().post(`/api/messages/${draft.body.id}/approve`).set('Authorization', `Bearer ${prefect}`).expect(200);
        ids.push(draft.body.id);
      }
      for (const id of ids) {
        const res = await t.http().post(`/api/messages/${id}/dispatch`).set('Authorization', `Bearer ${prefect}`).send({});
        statuses.push(res.status);
      }
      for (const id of ids) await settled(t, prefect, id, 120_000);
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(t.logs.filter((l) => /deadlock detected/.test(l))).toEqual([]);
  });
});
