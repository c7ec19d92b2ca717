import { DataSource } from 'typeorm';
import { createEvent } from '../events/support';
import { BULLETIN, CSV_HEADER, importContacts, inHours } from '../messages/support';
import { startTestApp, TestApp } from '../support/test-app';
import { ACK_SECRET, CellPeers, standardCell } from './support';

const BULK = 2_000;

/**
 * Pages to the cell and bulletins share the outbox and the SMTP relay. With
 * two thousand bulletin emails queued and being sent, the cell is called: its
 * pages go through the priority lane and the SMTP peer accepts every page
 * before the last bulletin email (the peer's own order of acceptance).
 */
describe('pages to the cell go ahead of queued bulletin emails', () => {
  jest.setTimeout(300_000);
  let peers: CellPeers;
  let t: TestApp;

  beforeAll(async () => {
    peers = await new CellPeers().start();
    t = await startTestApp({ ...peers.env(), CELL_ACK_SECRET: ACK_SECRET, DELIVERY_POLL_MS: '100' });
  });
  afterAll(async () => {
    await t?.close();
    await peers?.stop();
  });

  it('accepts every page while thousands of bulletin emails are still waiting', async () => {
    const admin = await t.adminToken();
    const { members } = await standardCell(t, admin);
    const lines = Array.from({ length: BULK }, (_, i) => `regional_councillor;Conseiller ${i};Région Grand Est;;cr${i}@grandest.example.org;;non;bulk`);
    const listId = await importContacts(t, admin, lines, 'bulk');
    const writer = (await t.userWithRole('communication', 'redac')).token;
    const prefect = (await t.userWithRole('prefect', 'prefet')).token;
    const duty = (await t.userWithRole('duty_officer', 'astreinte')).token;
    const event = await createEvent(t, prefect, { communes: ['88160'] });
    const draft = await t
      .http()
      .post(`/api/events/${event.id}/messages`)
      .set('Authorization', `Bearer ${writer}`)
      .send({ ...BULLETIN, nextUpdateAt: inHours(1), audiences: ['elected'], channels: { elected: ['email'] }, listIds: { elected: [listId] } })
      .expect(201);
    await t.http().post(`/api/messages/${draft.body.id}/approve`).set('Authorization', `Bearer ${prefect}`).expect(200);

    // The SMTP peer's order of acceptance: how many bulletin emails it had accepted when each page arrived.
    const pageEmails = new Set(Object.values(members).map((m) => m.email));
    let bulk = 0;
    const bulkBeforePage = new Map<string, number>();
    peers.smtp.onAccepted = (_count, mail) => {
      const to = mail.envelope.to[0];
      if (pageEmails.has(to)) bulkBeforePage.set(to, bulk);
      else if (to.endsWith('@grandest.example.org')) bulk++;
    };

    await t.http().post(`/api/messages/${draft.body.id}/dispatch`).set('Authorization', `Bearer ${prefect}`).send({}).expect(200);
    // The bulk is under way, far from done, when the cell is called.
    const deadline = Date.now() + 30_000;
    while (bulk < 50 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const bulkAtCall = bulk;
    expect(bulkAtCall).toBeGreaterThan(0);
    expect(bulkAtCall).toBeLessThan(BULK / 2);

    const call = await t.http().post(`/api/events/${event.id}/cell-activation`).set('Authorization', `Bearer ${duty}`);
    expect(call.status).toBe(201);
    for (const p of call.body.pages) expect(p.deliveries.email.status).toBe('sent');

    // Every page was accepted by the relay before the bulk was done, long before.
    expect([...bulkBeforePage.keys()].sort()).toEqual([...pageEmails].sort());
    for (const n of bulkBeforePage.values()) expect(n).toBeLessThan(BULK / 2);
    const [{ waiting }] = await t.app.get(DataSource).query(`SELECT count(*)::int AS waiting FROM deliveries WHERE message_id = $1 AND status IN ('queued', 'sending')`, [draft.body.id]);
    expect(waiting).toBeGreaterThan(0);
  });
});
