import { createHmac, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createEvent, waitFor } from '../events/support';
import { deliveriesOf, draftApproveDispatch, electedBulletin, importContacts, settled } from '../messages/support';
import { ChannelPeers, startChannelPeers } from '../peers/channel-peers';
import type { SmsPeer } from '../peers/sms-peer';
import { SmtpPeer } from '../peers/smtp-peer';
import { describeRealPostgres } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

const SMS_RECEIPT_SECRET = 'dlr-shared-secret-0001';
const EMAIL_BOUNCE_SECRET = 'bounce-shared-secret-01';

/** m1 receives everything; m2's mailbox and phone refuse; m3's are out of reach until the relay and the operator give up; m4's phone is off (no final report). */
const PEOPLE = [1, 2, 3, 4].map((i) => ({ email: `maire${i}@vosges.example.org`, mobile: `+3361234570${i}` }));
const LINES = PEOPLE.map((p, i) => `mayor;Maire ${i + 1};Mairie ${i + 1};88160;${p.email};${p.mobile.replace('+33', '0')};non;accuses`);

const sign = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/**
 * Receipts from real peers on loopback: the SMS gateway posts its delivery
 * reports, the SMTP relay forwards its bounces (DSN), each signed; every
 * delivery ends delivered, bounced or expired, once, audited.
 */
describeRealPostgres('delivery receipts: SMS delivery reports and email bounces', () => {
  jest.setTimeout(180_000);
  let peers: ChannelPeers;
  let smtp: SmtpPeer;
  let sms: SmsPeer;
  let t: TestApp;
  let writer: string;
  let prefect: string;
  let messageId: string;
  let items: Map<string, Record<string, any>>;

  beforeAll(async () => {
    peers = await startChannelPeers();
    ({ smtp, sms } = peers);
    t = await startTestApp({
      ...peers.env,
      SMS_RECEIPT_SECRET,
      EMAIL_BOUNCE_SECRET,
      DELIVERY_POLL_MS: '100',
    });
    await t.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    sms.receipts = { url: `${base}/api/channels/sms/receipts`, secret: SMS_RECEIPT_SECRET };
    smtp.bounces = { url: `${base}/api/channels/email/bounces`, secret: EMAIL_BOUNCE_SECRET };
    sms.reportStatus.set(PEOPLE[1].mobile, 'failed');
    sms.reportStatus.set(PEOPLE[2].mobile, 'expired');
    sms.reportStatus.set(PEOPLE[3].mobile, 'buffered');
    smtp.bounceRecipients.set(PEOPLE[1].email, { action: 'failed', status: '5.1.1', diagnostic: `550 5.1.1 <${PEOPLE[1].email}>: Recipient address rejected: User unknown` });
    smtp.bounceRecipients.set(PEOPLE[2].email, { action: 'failed', status: '4.4.7', diagnostic: 'delivery time expired' });
    smtp.bounceRecipients.set(PEOPLE[3].email, { action: 'delayed', status: '4.4.1', diagnostic: 'connection timed out' });

    writer = (await t.userWithRole('communication', 'redaction')).token;
    prefect = (await t.userWithRole('prefect', 'prefete')).token;
    const listId = await importContacts(t, await t.adminToken(), LINES, 'accuses');
    const event = await createEvent(t, prefect);
    const { message } = await draftApproveDispatch(t, writer, prefect, event.id, electedBulletin(listId));
    messageId = message.id;
    await settled(t, prefect, messageId);
    await waitFor('every report and bounce answered', async () => sms.reportsSent.length === 4 && smtp.bouncesSent.length === 3, 30_000);
    items = new Map((await deliveriesOf(t, prefect, messageId)).items.map((i) => [i.address as string, i]));
  });
  afterAll(async () => {
    await t?.close();
    await peers?.stop();
  });

  it('turns each report and bounce into delivered, bounced or expired; a report that is not final changes nothing', async () => {
    expect(sms.reportsSent.map((r) => r.answer)).toEqual([200, 200, 200, 200]);
    expect(smtp.bouncesSent.map((r) => r.answer)).toEqual([200, 200, 200]);
    const fate = (address: string) => [items.get(address)?.status, items.get(address)?.receiptStatus];
    expect(fate(PEOPLE[0].mobile)).toEqual(['sent', 'delivered']);
    expect(fate(PEOPLE[1].mobile)).toEqual(['sent', 'bounced']);
    expect(fate(PEOPLE[2].mobile)).toEqual(['sent', 'expired']);
    expect(fate(PEOPLE[3].mobile)).toEqual(['sent', null]);
    expect(fate(PEOPLE[0].email)).toEqual(['sent', null]);
    expect(fate(PEOPLE[1].email)).toEqual(['sent', 'bounced']);
    expect(fate(PEOPLE[2].email)).toEqual(['sent', 'expired']);
    expect(fate(PEOPLE[3].email)).toEqual(['sent', null]);
    expect(items.get(PEOPLE[1].email)?.receiptDetail).toMatch(/5\.1\.1/);
    // On the database clock. A report may be recorded before the worker records the acceptance of its batch:
    // the gateway's callback can be faster than our transaction; both times are kept as they happened.
    expect(Math.abs(new Date(items.get(PEOPLE[1].email)?.receiptAt).getTime() - new Date(items.get(PEOPLE[1].email)?.acceptedAt).getTime())).toBeLessThan(30_000);

    // Accepted vs delivered, per audience and channel: what the console and the report show.
    const { summary } = await deliveriesOf(t, prefect, messageId);
    const line = (channel: string) => summary.find((s) => s.audience === 'elected' && s.channel === channel) as any;
    expect([line('sms').sent, line('sms').receipts]).toEqual([4, { delivered: 1, bounced: 1, expired: 1 }]);
    expect([line('email').sent, line('email').receipts]).toEqual([4, { delivered: 0, bounced: 1, expired: 1 }]);

    // One audit entry per receipt, by the provider, without an address.
    const audit = await t.http().get('/api/audit?action=delivery.receipt&pageSize=50').set('Authorization', `Bearer ${prefect}`).expect(200);
    const entries = (audit.body.items ?? audit.body) as { actor: string; payload: Record<string, unknown> }[];
    expect(entries).toHaveLength(5);
    expect(new Set(entries.map((e) => e.actor))).toEqual(new Set(['sms-gateway', 'email-relay']));
    expect(JSON.stringify(entries)).not.toMatch(/vosges\.example\.org|\+3361234570/);
  });

  it('is idempotent: the same report again changes nothing and is not audited twice; a contrary one keeps the first', async () => {
    const id = items.get(PEOPLE[0].mobile)!.id as string;
    const again = JSON.stringify({ id: '1', tag: id, receiver: PEOPLE[0].mobile, status: 'delivered' });
    const res = await t.http().post('/api/channels/sms/receipts').set('Content-Type', 'application/json').set('X-Sms-Signature', sign(SMS_RECEIPT_SECRET, again)).send(again).expect(200);
    expect(res.body).toEqual({ deliveryId: id, receipt: 'delivered', recorded: false, note: 'already recorded' });
    const contrary = JSON.stringify({ id: '1', tag: id, status: 'failed' });
    const kept = await t.http().post('/api/channels/sms/receipts').set('Content-Type', 'application/json').set('X-Sms-Signature', sign(SMS_RECEIPT_SECRET, contrary)).send(contrary).expect(200);
    expect(kept.body).toEqual(expect.objectContaining({ receipt: 'delivered', recorded: false }));
    const audit = await t.http().get('/api/audit?action=delivery.receipt&pageSize=50').set('Authorization', `Bearer ${prefect}`).expect(200);
    expect((audit.body.items ?? audit.body).length).toBe(5);
  });

  const postReport = (body: string, signature?: string) => {
    const req = t.http().post('/api/channels/sms/receipts').set('Content-Type', 'application/json');
    return (signature === undefined ? req : req.set('X-Sms-Signature', signature)).send(body);
  };
  const postBounce = (body: string, signature?: string) => {
    const req = t.http().post('/api/channels/email/bounces').set('Content-Type', 'message/rfc822');
    return (signature === undefined ? req : req.set('X-Bounce-Signature', signature)).send(body);
  };

  it('refuses a report with a bad or missing signature (401), before reading it', async () => {
    const body = JSON.stringify({ tag: items.get(PEOPLE[3].mobile)!.id, status: 'delivered' });
    const bad = await postReport(body, sign('not-the-shared-secret', body)).expect(401);
    expect(bad.body.message).toMatch(/X-Sms-Signature/);
    await postReport(body).expect(401);
    const bounce = SmtpPeer.dsn(
      { envelope: { from: 'a@b', to: [PEOPLE[3].email] }, headers: { 'x-crisis-reference': items.get(PEOPLE[3].email)!.id }, queueId: 'Q1' },
      { action: 'failed', status: '5.1.1', diagnostic: 'x' },
    );
    expect((await postBounce(bounce, sign('not-the-shared-secret', bounce)).expect(401)).body.message).toMatch(/X-Bounce-Signature/);
    const after = await deliveriesOf(t, prefect, messageId);
    expect(after.items.filter((i) => i.address === PEOPLE[3].email || i.address === PEOPLE[3].mobile).map((i) => i.receiptStatus)).toEqual([null, null]);
  });

  it('ties the reports of a batch job (several numbers, one tag) to each number by the id the gateway gave it', async () => {
    // The four SMS of the bulletin went out as one job: the reports carry its tag and each number's id.
    const tags = new Set(sms.reportsSent.map((r) => r.tag));
    expect(tags.size).toBe(1);
    expect([...tags][0]).toMatch(/^batch-/);
    for (const p of PEOPLE) expect(items.get(p.mobile)?.proof?.jobId).toBe(String(sms.jobs.find((j) => j.receivers[0] === p.mobile)!.id));
  });

  it('refuses a report of a batch job whose id no SMS has, once its batch is recorded: a 404, never a 5xx retried for ever', async () => {
    const body = JSON.stringify({ id: '999999999', tag: `batch-${randomUUID()}`, receiver: PEOPLE[0].mobile, status: 'delivered' });
    const res = await postReport(body, sign(SMS_RECEIPT_SECRET, body)).expect(404);
    expect(res.body.message).toMatch(/No delivery has the id .*the receipt is refused/);
  });

  it('refuses a receipt for an unknown delivery id (404), saying so', async () => {
    for (const tag of [randomUUID(), 'job-that-is-not-ours']) {
      const body = JSON.stringify({ tag, status: 'delivered' });
      const res = await postReport(body, sign(SMS_RECEIPT_SECRET, body)).expect(404);
      expect(res.body.message).toMatch(/No delivery has the id .*the receipt is refused/);
    }
    const bounce = SmtpPeer.dsn(
      { envelope: { from: 'a@b', to: ['x@y.example'] }, headers: { 'x-crisis-reference': randomUUID() }, queueId: 'Q2' },
      { action: 'failed', status: '5.1.1', diagnostic: 'x' },
    );
    expect((await postBounce(bounce, sign(EMAIL_BOUNCE_SECRET, bounce)).expect(404)).body.message).toMatch(/No delivery has the id/);
  });

  it.each([
    ['a report without the delivery id (tag)', { status: 'delivered' }, 400, /no tag/],
    ['a report without a status', { tag: 'x' }, 400, /no status/],
    ['a status nobody defined', { tag: 'x', status: 'teleported' }, 400, /not one we know/],
  ])('refuses %s', async (_why, report, code, message) => {
    const body = JSON.stringify(report);
    expect((await postReport(body, sign(SMS_RECEIPT_SECRET, body)).expect(code)).body.message).toMatch(message);
  });

  it('refuses an SMS report about an email delivery (409), and a bounce about an SMS (409)', async () => {
    const body = JSON.stringify({ tag: items.get(PEOPLE[3].email)!.id, status: 'delivered' });
    expect((await postReport(body, sign(SMS_RECEIPT_SECRET, body)).expect(409)).body.message).toMatch(/went by email, not sms/);
    const bounce = SmtpPeer.dsn(
      { envelope: { from: 'a@b', to: ['x@y.example'] }, headers: { 'x-crisis-reference': items.get(PEOPLE[3].mobile)!.id }, queueId: 'Q3' },
      { action: 'failed', status: '5.1.1', diagnostic: 'x' },
    );
    expect((await postBounce(bounce, sign(EMAIL_BOUNCE_SECRET, bounce)).expect(409)).body.message).toMatch(/went by sms, not email/);
  });

  it.each([
    ['a message that is not a DSN', 'Subject: bonjour\r\n\r\nrien', /not a delivery status notification/],
    [
      'a DSN that does not return our reference',
      SmtpPeer.dsn({ envelope: { from: 'a@b', to: ['x@y.example'] }, headers: {}, queueId: 'Q4' }, { action: 'failed', status: '5.1.1', diagnostic: 'x' }),
      /X-Crisis-Reference/,
    ],
    ['an empty body', '', /no body/],
  ])('refuses as a bounce %s (400)', async (_why, body, message) => {
    expect((await postBounce(body, sign(EMAIL_BOUNCE_SECRET, body)).expect(400)).body.message).toMatch(message);
  });

  it('refuses a bounce sent as JSON (415)', async () => {
    const res = await t.http().post('/api/channels/email/bounces').set('Content-Type', 'application/json').set('X-Bounce-Signature', 'sha256=00').send({ a: 1 }).expect(415);
    expect(res.body.message).toMatch(/message\/rfc822/);
  });
});

describe('delivery receipts on an installation that takes none (no shared secret set)', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  // 404, not 503: a provider retries a 5xx for ever; this address takes no receipts until the secret is set.
  it.each([
    ['an SMS delivery report', '/api/channels/sms/receipts', 'application/json', JSON.stringify({ tag: 'x', status: 'delivered' }), 'sms_receipts_not_configured', /SMS_RECEIPT_SECRET/],
    ['an email bounce', '/api/channels/email/bounces', 'message/rfc822', 'Subject: x\r\n\r\ny', 'email_bounces_not_configured', /EMAIL_BOUNCE_SECRET/],
  ])('refuses %s with a 404 that names the setting, and records nothing', async (_what, path, type, body, code, message) => {
    const before = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'delivery.receipt'`);
    const res = await t.http().post(path).set('Content-Type', type).set('X-Sms-Signature', 'sha256=00').set('X-Bounce-Signature', 'sha256=00').send(body).expect(404);
    expect(res.body).toMatchObject({ error: code, message: expect.stringMatching(message) });
    const after = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'delivery.receipt'`);
    expect(after).toEqual(before);
  });
});
