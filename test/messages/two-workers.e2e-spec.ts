import { DataSource } from 'typeorm';
import { createEvent } from '../events/support';
import { ChannelPeers, startChannelPeers } from '../peers/channel-peers';
import { startTestApp, TestApp } from '../support/test-app';
import { createRealDatabase, describeRealPostgres } from '../support/test-database';
import type { DatabaseHandle } from '../../src/database/database-handle';
import { BULLETIN, CSV_HEADER, inHours, settled } from './support';

const RECIPIENTS = 300;

/** Two instances, each with its worker, on one real PostgreSQL: SKIP LOCKED claims share the outbox and nothing is sent twice. */
describeRealPostgres('two delivery workers on one outbox', () => {
  jest.setTimeout(180_000);
  let peers: ChannelPeers;
  let db: DatabaseHandle;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    peers = await startChannelPeers();
    db = await createRealDatabase();
    const env = { ...peers.env, DELIVERY_POLL_MS: '50', DELIVERY_BATCH_SIZE: '20' };
    a = await startTestApp(env, { db });
    b = await startTestApp(env, { db });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.stop();
    await peers?.stop();
  });

  it('send each email once and record each acceptance once', async () => {
    const admin = await a.adminToken();
    const lines = Array.from({ length: RECIPIENTS }, (_, i) => `regional_councillor;Conseiller ${i};Région Grand Est;;cr${i}@grandest.example.org;;non;two-workers`);
    await a
      .http()
      .post('/api/contacts/import?dryRun=false')
      .set('Authorization', `Bearer ${admin}`)
      .set('Content-Type', 'text/csv')
      .send([CSV_HEADER, ...lines].join('\n'))
      .expect(200);
    const listId = (await a.http().get('/api/contacts/lists').set('Authorization', `Bearer ${admin}`)).body.find((l: { name: string }) => l.name === 'two-workers').id;
    const writer = (await a.userWithRole('communication', 'redac')).token;
    const prefect = (await a.userWithRole('prefect', 'prefet')).token;
    const event = await createEvent(a, prefect, { communes: ['88160'] });
    const draft = await a
      .http()
      .post(`/api/events/${event.id}/messages`)
      .set('Authorization', `Bearer ${writer}`)
      .send({ ...BULLETIN, nextUpdateAt: inHours(1), audiences: ['elected'], channels: { elected: ['email'] }, listIds: { elected: [listId] } })
      .expect(201);
    await a.http().post(`/api/messages/${draft.body.id}/approve`).set('Authorization', `Bearer ${prefect}`).expect(200);
    // Dispatched through B: A learns of the rows only by polling, B is woken at once; both claim.
    await b.http().post(`/api/messages/${draft.body.id}/dispatch`).set('Authorization', `Bearer ${prefect}`).send({}).expect(200);
    const done = await settled(a, prefect, draft.body.id, 120_000);
    expect(done.items.filter((d) => d.status === 'sent')).toHaveLength(RECIPIENTS);
    const received = peers.smtp.received.filter((m) => m.to.some((t) => t.endsWith('@grandest.example.org')));
    expect(received).toHaveLength(RECIPIENTS);
    expect(new Set(received.flatMap((m) => m.to)).size).toBe(RECIPIENTS);
    // One acceptance per delivery in the audit log, whichever worker recorded it.
    const rows: { n: number }[] = await a.app.get(DataSource).query(
      `SELECT count(*)::int AS n FROM audit_log, jsonb_array_elements(payload->'results') r
        WHERE action = 'delivery.results' AND subject_id = $1 AND r->>'status' = 'sent' GROUP BY r->>'deliveryId'`,
      [draft.body.id],
    );
    expect(rows).toHaveLength(RECIPIENTS);
    expect(rows.every((r) => r.n === 1)).toBe(true);
  });
});
