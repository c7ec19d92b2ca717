import { mkdirSync, writeFileSync } from 'node:fs';
import { ChannelCredentialsService } from '../../src/modules/channels/channel-credentials.service';
import { createEvent } from '../events/support';
import { deliveriesOf, draftApproveDispatch, electedBulletin, importContacts, settled } from '../messages/support';
import { SmsPeer } from '../peers/sms-peer';
import { SmtpPeer } from '../peers/smtp-peer';
import { describeRealPostgres } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

const PRIMARY_SMS = { serviceName: 'sms-primaire-1', appKey: 'ak-primary', appSecret: 'as-primary-secret-1', consumerKey: 'ck-primary-secret-1' };
const SECONDARY_SMS = { serviceName: 'sms-secours-1', appKey: 'ak-secondary', appSecret: 'as-secondary-secret-1', consumerKey: 'ck-secondary-secret-1' };
const SECRETS = [PRIMARY_SMS.appSecret, PRIMARY_SMS.consumerKey, SECONDARY_SMS.appSecret, SECONDARY_SMS.consumerKey, 'relay-b-pass-1'];

const MAYORS = [1, 2, 3, 4, 5].map((i) => ({ email: `maire${i}@vosges.example.org`, mobile: `+3361234560${i}` }));
/** A recipient both relays and both gateways refuse: no other provider can reach them. */
const UNKNOWN = { email: 'inconnu@vosges.example.org', mobile: '+33612345699' };
const LINES = [...MAYORS, UNKNOWN].map((m, i) => `mayor;Maire ${i + 1};Mairie ${i + 1};88160;${m.email};${m.mobile.replace('+33', '0')};non;repli`);

/**
 * Email and SMS with a second provider each, all four real servers on loopback:
 * a recipient-side refusal stays on the primary, and with both primaries down
 * every recipient is still reached through the secondaries.
 */
describeRealPostgres('provider fallback for email and SMS', () => {
  jest.setTimeout(180_000);
  const smtpA = new SmtpPeer({ closeTimeoutMs: 50 });
  const smtpB = new SmtpPeer({ auth: { user: 'relay-b', pass: 'relay-b-pass-1' } });
  const smsA = new SmsPeer(PRIMARY_SMS);
  const smsB = new SmsPeer(SECONDARY_SMS);
  let t: TestApp;
  let writer: string;
  let prefect: string;
  let listId: string;

  beforeAll(async () => {
    await Promise.all([smtpA.start(), smtpB.start(), smsA.start(), smsB.start()]);
    for (const peer of [smtpA, smtpB]) peer.rejectRecipients.set(UNKNOWN.email, 550);
    for (const peer of [smsA, smsB]) peer.invalidNumbers.add(UNKNOWN.mobile);
    t = await startTestApp({
      SMTP_URL: smtpA.url,
      SMTP_SECONDARY_URL: `smtp://relay-b:relay-b-pass-1@127.0.0.1:${smtpB.port}`,
      SMTP_FROM: 'Préfecture des Vosges <alerte@vosges.example.org>',
      SMS_GATEWAY_URL: `${smsA.url}/1.0`,
      SMS_SERVICE_NAME: PRIMARY_SMS.serviceName,
      SMS_APP_KEY: PRIMARY_SMS.appKey,
      SMS_APP_SECRET: PRIMARY_SMS.appSecret,
      SMS_CONSUMER_KEY: PRIMARY_SMS.consumerKey,
      SMS_SECONDARY_GATEWAY_URL: `${smsB.url}/1.0`,
      SMS_SECONDARY_SERVICE_NAME: SECONDARY_SMS.serviceName,
      SMS_SECONDARY_APP_KEY: SECONDARY_SMS.appKey,
      SMS_SECONDARY_APP_SECRET: SECONDARY_SMS.appSecret,
      SMS_SECONDARY_CONSUMER_KEY: SECONDARY_SMS.consumerKey,
      SMS_SENDER: 'PREF88',
      CHANNEL_TIMEOUT_SECONDS: '3',
      DELIVERY_POLL_MS: '100',
      DELIVERY_RETRY_BASE_SECONDS: '1',
      PROVIDER_FALLBACK_PRIMARY_ATTEMPTS: '2',
    });
    writer = (await t.userWithRole('communication', 'redaction')).token;
    prefect = (await t.userWithRole('prefect', 'prefete')).token;
    listId = await importContacts(t, await t.adminToken(), LINES, 'repli');
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([smtpA.stop(), smtpB.stop(), smsA.stop(), smsB.stop()]);
  });

  const bulletin = async (facts: string) => {
    const event = await createEvent(t, prefect);
    const { message } = await draftApproveDispatch(t, writer, prefect, event.id, electedBulletin(listId, facts));
    return { marker: message.marker, items: (await settled(t, prefect, message.id, 90_000)).items };
  };
  const byAddress = (items: Record<string, any>[]) => new Map(items.map((i) => [i.address as string, i]));
  /** What each peer received, per phase, for the closing note. */
  const received: Record<string, unknown> = {};
  const note = (phase: string, from: { smtpA: number; smtpB: number; smsA: number; smsB: number }) => {
    received[phase] = {
      primarySmtp: smtpA.received
        .slice(from.smtpA)
        .map((m) => m.envelope.to[0])
        .sort(),
      secondarySmtp: smtpB.received
        .slice(from.smtpB)
        .map((m) => m.envelope.to[0])
        .sort(),
      primarySmsJobs: smsA.jobs
        .slice(from.smsA)
        .map((j) => j.receivers[0])
        .sort(),
      secondarySmsJobs: smsB.jobs
        .slice(from.smsB)
        .map((j) => j.receivers[0])
        .sort(),
    };
  };
  const marks = () => ({ smtpA: smtpA.received.length, smtpB: smtpB.received.length, smsA: smsA.jobs.length, smsB: smsB.jobs.length });

  it('/api/health shows both providers of email and SMS, hosts only', async () => {
    const res = await t.http().get('/api/health').expect(200);
    const email = res.body.channels.find((c: { channel: string }) => c.channel === 'email');
    const sms = res.body.channels.find((c: { channel: string }) => c.channel === 'sms');
    expect(email.providers).toEqual([
      { role: 'primary', target: `127.0.0.1:${smtpA.port}` },
      { role: 'secondary', target: `127.0.0.1:${smtpB.port}` },
    ]);
    expect(sms.providers).toEqual([
      { role: 'primary', target: new URL(smsA.url).host },
      { role: 'secondary', target: new URL(smsB.url).host },
    ]);
    for (const secret of SECRETS) expect(JSON.stringify(res.body)).not.toContain(secret);
  });

  it('a recipient the primary refuses (550 user unknown, invalid number) is failed there and never tried on the secondary', async () => {
    const from = marks();
    const items = byAddress((await bulletin('La Moselle monte à Épinal.')).items);
    note('recipient refused, primaries up', from);
    for (const m of MAYORS) {
      expect([items.get(m.email)?.status, items.get(m.email)?.provider]).toEqual(['sent', 'primary']);
      expect([items.get(m.mobile)?.status, items.get(m.mobile)?.provider]).toEqual(['sent', 'primary']);
    }
    expect(items.get(UNKNOWN.email)).toEqual(expect.objectContaining({ status: 'failed', provider: null, error: expect.stringMatching(/550/) }));
    expect(items.get(UNKNOWN.mobile)).toEqual(expect.objectContaining({ status: 'failed', provider: null, error: expect.stringMatching(/invalid/) }));
    expect(smtpA.received.map((m) => m.envelope.to[0]).sort()).toEqual(MAYORS.map((m) => m.email).sort());
    expect(smsA.jobs.map((j) => j.receivers[0]).sort()).toEqual(MAYORS.map((m) => m.mobile).sort());
    expect(smtpB.received).toHaveLength(0);
    expect(smsB.requests).toHaveLength(0);
  });

  it('an SMS gateway answering 429 is retried on the primary first, then the secondary takes over (429 past its retries)', async () => {
    const from = marks();
    const primaryRequests = smsA.requests.length;
    smsA.failNext(429, { times: 12 });
    const second = await bulletin('La Moselle continue de monter.');
    const items = byAddress(second.items);
    for (const m of MAYORS) expect([items.get(m.mobile)?.status, items.get(m.mobile)?.provider, items.get(m.mobile)?.attempts]).toEqual(['sent', 'secondary', 2]);
    // The primary saw each SMS at least once (its 429s), and accepted none of them. The SMS go out in batches
    // (one request, many receivers): the numbers it was asked to send are counted, not the requests.
    const primaryReceivers = smsA.requests.slice(primaryRequests).reduce((n, r) => n + ((JSON.parse(r.body) as { receivers?: string[] }).receivers?.length ?? 0), 0);
    expect(primaryReceivers).toBeGreaterThanOrEqual(6);
    expect(smsA.jobs.length).toBe(from.smsA);
    expect(
      smsB.jobs
        .slice(from.smsB)
        .map((j) => j.receivers[0])
        .sort(),
    ).toEqual(MAYORS.map((m) => m.mobile).sort());
    // The emails were not concerned: the primary relay took them.
    for (const m of MAYORS) expect(items.get(m.email)?.provider).toBe('primary');
    note('SMS primary answering 429', from);
  });

  it('with the primary relay and gateway stopped, every recipient is reached through the secondaries, and the rows say so', async () => {
    await Promise.all([smtpA.stop(), smsA.stop()]);
    const from = marks();
    const second = await bulletin('Deuxième bulletin : la Moselle déborde.');
    const items = byAddress(second.items);
    for (const m of MAYORS) {
      expect([items.get(m.email)?.status, items.get(m.email)?.provider]).toEqual(['sent', 'secondary']);
      expect([items.get(m.mobile)?.status, items.get(m.mobile)?.provider]).toEqual(['sent', 'secondary']);
      expect(items.get(m.email)?.proof?.fallbackReason).toMatch(/primary: SMTP connection/);
    }
    // Refused by the secondaries too: recipient-side, failed, never retried elsewhere.
    expect(items.get(UNKNOWN.email)).toEqual(expect.objectContaining({ status: 'failed', error: expect.stringMatching(/550/) }));
    expect(items.get(UNKNOWN.mobile)).toEqual(expect.objectContaining({ status: 'failed', error: expect.stringMatching(/invalid/) }));
    const smtpGot = smtpB.received.slice(from.smtpB);
    const smsGot = smsB.jobs.slice(from.smsB);
    expect(smtpGot.map((m) => m.envelope.to[0]).sort()).toEqual(MAYORS.map((m) => m.email).sort());
    expect(smtpGot.every((m) => /Deuxième bulletin/.test(m.text ?? ''))).toBe(true);
    expect(smsGot.map((j) => j.receivers[0]).sort()).toEqual(MAYORS.map((m) => m.mobile).sort());
    expect(smsGot.every((j) => j.sender === 'PREF88' && j.message.includes(second.marker))).toBe(true);
    expect(smsB.badSignatures).toHaveLength(0);

    const health = await t.http().get('/api/health').expect(200);
    const email = health.body.channels.find((c: { channel: string }) => c.channel === 'email');
    expect(email.providers[0]).toEqual(expect.objectContaining({ role: 'primary', bypassedUntil: expect.any(String) }));
    const all = JSON.stringify(health.body) + t.logs.join('\n') + JSON.stringify([...items.values()]);
    for (const secret of SECRETS) expect(all).not.toContain(secret);

    // What each peer received, kept for the closing note.
    note('primary relay and gateway stopped', from);
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync('test-artifacts/provider-fallback-peers.json', JSON.stringify(received, null, 2));
  });

  it('checks the second accounts too: with the primaries down, /api/health says the primary is unreachable and the secondary ok', async () => {
    await t.app.get(ChannelCredentialsService).checkAll();
    const res = await t.http().get('/api/health').expect(200);
    for (const channel of ['email', 'sms']) {
      const c = res.body.channels.find((x: { channel: string }) => x.channel === channel);
      expect([c.credentials?.status, c.secondaryCredentials?.status]).toEqual(['unreachable', 'ok']);
    }
    expect(res.body.warnings).toEqual([]);
    for (const secret of SECRETS) expect(JSON.stringify(res.body)).not.toContain(secret);
  });
});
