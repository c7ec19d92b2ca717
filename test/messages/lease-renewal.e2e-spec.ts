import { DataSource } from 'typeorm';
import { createEvent } from '../events/support';
import { ChannelPeers, startChannelPeers } from '../peers/channel-peers';
import { startTestApp, TestApp } from '../support/test-app';
import { BULLETIN, draftApproveDispatch, importContacts, inHours, settled } from './support';

const RECIPIENTS = 8;

/**
 * A slow SMTP relay makes one batch outlast the lease several times over (8
 * emails through 2 connections, 1.5 s per answer: about 6 s, with a 2 s
 * lease). The worker renews the lease of the batch it is still sending, so
 * the lease sweep (every second here) never takes its rows back: each email
 * is sent once, and no lease is recorded as expired.
 */
describe('a batch slower than its lease keeps it', () => {
  jest.setTimeout(120_000);
  let peers: ChannelPeers;
  let t: TestApp;

  beforeAll(async () => {
    peers = await startChannelPeers();
    t = await startTestApp({ ...peers.env, DELIVERY_LEASE_SECONDS: '2', DELIVERY_POLL_MS: '50', DELIVERY_BATCH_SIZE: String(RECIPIENTS), SMTP_POOL_CONNECTIONS: '2' });
  });

  afterAll(async () => {
    await t?.close();
    await peers?.stop();
  });

  it('sends each email once and takes no lease back', async () => {
    const admin = await t.adminToken();
    const lines = Array.from({ length: RECIPIENTS }, (_, i) => `departmental_councillor;Conseiller ${i};Conseil départemental des Vosges;;lent${i}@cd88.example.org;;non;slow-relay`);
    const listId = await importContacts(t, admin, lines, 'slow-relay');
    const writer = (await t.userWithRole('communication', 'redac')).token;
    const prefect = (await t.userWithRole('prefect', 'prefet')).token;
    const event = await createEvent(t, prefect, { communes: ['88160'] });
    peers.smtp.answerDelayMs = 1500;
    const started = Date.now();
    const { message } = await draftApproveDispatch(t, writer, prefect, event.id, {
      ...BULLETIN,
      nextUpdateAt: inHours(1),
      audiences: ['elected'],
      channels: { elected: ['email'] },
      listIds: { elected: [listId] },
    });
    const done = await settled(t, prefect, message.id, 90_000);
    // The batch did outlast its lease: otherwise this test proves nothing.
    expect(Date.now() - started).toBeGreaterThan(4_000);
    expect(done.items.filter((d) => d.status === 'sent')).toHaveLength(RECIPIENTS);
    const received = peers.smtp.received.filter((m) => m.to.some((to) => to.endsWith('@cd88.example.org')));
    expect(received.map((m) => m.to[0]).sort()).toEqual(Array.from({ length: RECIPIENTS }, (_, i) => `lent${i}@cd88.example.org`).sort());
    const expired: { n: number }[] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'delivery.lease_expired'`);
    expect(expired[0].n).toBe(0);
  });
});
