import { DataSource } from 'typeorm';
import { createEvent } from '../events/support';
import { ChannelPeers, startChannelPeers } from '../peers/channel-peers';
import { describeRealPostgres } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';
import { deliveriesOf, draftApproveDispatch, electedBulletin, importContacts, settled } from './support';

/** More than a claimed batch and more than an SMS job takes (200): the rows go out in several batches of each. */
const N = 450;
/** Every third mayor has no mobile; every fifth takes part in exercises. */
const hasMobile = (i: number) => i % 3 !== 0;
const participant = (i: number) => i % 5 === 0;
const LINES = Array.from(
  { length: N },
  (_, i) => `mayor;Maire ${i};Mairie ${i};88160;maire${i}@national.example.org;${hasMobile(i) ? `06${String(10_000_000 + i)}` : ''};${participant(i) ? 'oui' : 'non'};national`,
);
/** Not on the list: never chosen. */
const OUTSIDER = 'mayor;Maire hors liste;Mairie hors liste;88160;hors-liste@national.example.org;0699999999;oui;autre';

/**
 * A bulletin to a list, its deliveries written by the database (INSERT …
 * SELECT from the list's members) and its SMS sent in batches: exactly one
 * delivery per member and channel, none without the channel's address, each
 * outcome recorded and audited once, and exercise mode choosing only its
 * participants as before.
 */
describeRealPostgres('a bulletin to a large list: deliveries chosen in SQL, SMS in batches', () => {
  jest.setTimeout(180_000);
  let peers: ChannelPeers;
  let t: TestApp;
  let writer: string;
  let prefect: string;
  let listId: string;
  const bulletin = (eventId: string, facts: string) => draftApproveDispatch(t, writer, prefect, eventId, electedBulletin(listId, facts));

  beforeAll(async () => {
    peers = await startChannelPeers({ parseMail: false });
    t = await startTestApp({ ...peers.env, DELIVERY_POLL_MS: '100' });
    writer = (await t.userWithRole('communication', 'redaction')).token;
    prefect = (await t.userWithRole('prefect', 'prefete')).token;
    listId = await importContacts(t, await t.adminToken(), [...LINES, OUTSIDER], 'national');
  });
  afterAll(async () => {
    await t?.close();
    await peers?.stop();
  });

  it('gives each member of the list one email and, when they have a mobile, one SMS; sends the SMS in a few jobs; records and audits each outcome once', async () => {
    const withMobile = LINES.filter((_, i) => hasMobile(i)).length;
    const event = await createEvent(t, prefect);
    const { message, dispatch } = await bulletin(event.id, 'La Moselle déborde à Épinal.');
    expect(dispatch).toEqual(
      expect.objectContaining({
        deliveries: N + withMobile,
        warnings: [],
        perChannel: [
          { audience: 'elected', channel: 'email', recipients: N },
          { audience: 'elected', channel: 'sms', recipients: withMobile },
        ],
      }),
    );
    const done = await settled(t, prefect, message.id, 120_000);
    const rows = await t.app
      .get(DataSource)
      .query(`SELECT d.channel, d.address, d.status, d.proof, c.name FROM deliveries d JOIN contacts c ON c.id = d.contact_id WHERE d.message_id = $1`, [message.id]);
    expect(done.summary.map((s) => [s.channel, s.total, s.sent])).toEqual(
      expect.arrayContaining([
        ['email', N, N],
        ['sms', withMobile, withMobile],
      ]),
    );
    const sms = rows.filter((r: { channel: string }) => r.channel === 'sms');
    const email = rows.filter((r: { channel: string }) => r.channel === 'email');
    // One per member and channel, nobody twice, nobody outside the list, no SMS without a mobile.
    expect(new Set(email.map((r: { name: string }) => r.name)).size).toBe(N);
    expect(new Set(sms.map((r: { name: string }) => r.name))).toEqual(new Set(LINES.flatMap((_, i) => (hasMobile(i) ? [`Maire ${i}`] : []))));
    expect(rows.some((r: { name: string }) => r.name === 'Maire hors liste')).toBe(false);
    // The gateway got every number once, in far fewer requests than numbers; each SMS's proof is the id the gateway gave its number.
    expect(peers.sms.jobs.map((j) => j.receivers[0]).sort()).toEqual(sms.map((r: { address: string }) => r.address).sort());
    expect(peers.sms.jobRequests).toBeLessThanOrEqual(Math.ceil(withMobile / 10));
    const idOf = new Map(peers.sms.jobs.map((j) => [j.receivers[0], String(j.id)]));
    for (const r of sms) expect(r.proof.jobId).toBe(idOf.get(r.address));
    // Each outcome in exactly one audit entry of the message.
    const audited = await t.app
      .get(DataSource)
      .query(`SELECT r->>'deliveryId' AS id, r->>'status' AS status FROM audit_log, jsonb_array_elements(payload->'results') r WHERE action = 'delivery.results' AND subject_id = $1`, [message.id]);
    expect(audited).toHaveLength(N + withMobile);
    expect(new Set(audited.map((a: { id: string }) => a.id)).size).toBe(N + withMobile);
    expect(audited.every((a: { status: string }) => a.status === 'sent')).toBe(true);
  });

  it('in exercise mode chooses only the exercise participants of the list, as before', async () => {
    const event = await createEvent(t, prefect, { mode: 'exercise' });
    const { message, dispatch } = await bulletin(event.id, 'Exercice : la Moselle déborde à Épinal.');
    const players = LINES.filter((_, i) => participant(i)).length;
    const playersWithMobile = LINES.filter((_, i) => participant(i) && hasMobile(i)).length;
    expect(dispatch.deliveries).toBe(players + playersWithMobile);
    const { items } = await deliveriesOf(t, prefect, message.id);
    expect(items.every((i) => i.recipientName !== 'Maire hors liste')).toBe(true);
    expect(
      items
        .filter((i) => i.channel === 'sms')
        .map((i) => i.recipientName as string)
        .sort(),
    ).toEqual(LINES.flatMap((_, i) => (participant(i) && hasMobile(i) ? [`Maire ${i}`] : [])).sort());
  });

  it('warns when nobody chosen has the channel, and writes nothing for it', async () => {
    const none = await importContacts(t, await t.adminToken(), ['mayor;Maire sans mobile;Mairie sans mobile;88160;sans-mobile@national.example.org;;non;sans-mobile'], 'sans-mobile');
    const event = await createEvent(t, prefect);
    const { dispatch } = await draftApproveDispatch(t, writer, prefect, event.id, electedBulletin(none));
    expect(dispatch.deliveries).toBe(1);
    expect(dispatch.warnings).toEqual(['No elected officials chosen has a mobile number: nobody receives the sms message for elected.']);
    const contents = await t.app
      .get(DataSource)
      .query(`SELECT channel FROM delivery_contents WHERE message_id = (SELECT message_id FROM deliveries WHERE address = 'sans-mobile@national.example.org')`);
    expect(contents).toEqual([{ channel: 'email' }]);
  });
});
