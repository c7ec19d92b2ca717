import { auditActions } from '../cell/support';
import { createEvent, waitFor } from '../events/support';
import { deliveriesOf, draftApproveDispatch, electedBulletin, importContacts, inHours, settled } from '../messages/support';
import { ChannelPeers, startChannelPeers, X_USER } from '../peers/channel-peers';
import { describeRealPostgres } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

const MAYORS = Array.from({ length: 20 }, (_, i) => `mayor;Maire ${i + 1};Mairie ${i + 1};88160;maire${i + 1}@vosges.example.org;;non;faults`);

/**
 * A bad day at the providers, on the real database: what each peer saw is
 * read from the peer itself, what the operator sees from the API the console reads.
 */
describeRealPostgres('provider faults on a crisis day', () => {
  jest.setTimeout(300_000);
  let peers: ChannelPeers;
  let t: TestApp;
  let writer: string;
  let prefect: string;
  let listId: string;

  beforeAll(async () => {
    peers = await startChannelPeers();
    t = await startTestApp({
      ...peers.env,
      DELIVERY_POLL_MS: '100',
      DELIVERY_RETRY_BASE_SECONDS: '1',
      DELIVERY_MAX_ATTEMPTS: '20',
      DELIVERY_RECONCILE_AFTER_SECONDS: '1',
      CHANNEL_TIMEOUT_SECONDS: '3',
      DELIVERY_RATE_LIMITS: 'x=20,facebook=20',
    });
    writer = (await t.userWithRole('communication', 'redaction')).token;
    prefect = (await t.userWithRole('prefect', 'prefete')).token;
    listId = await importContacts(t, await t.adminToken(), MAYORS, 'faults');
  });
  afterAll(async () => {
    // eslint-disable-next-line no-console
    for (const l of t?.logs ?? []) if (/"level":(40|50|60)/.test(l)) console.error(l.slice(0, 800));
    await t?.close();
    await peers?.stop();
  });

  it('SMTP answering 421 for 30 s, then 250: every email delivered once after it, with its retries visible per delivery', async () => {
    const event = await createEvent(t, prefect);
    peers.smtp.refuseFor(421, 30_000);
    const before = peers.smtp.received.length;
    const { message } = await draftApproveDispatch(t, writer, prefect, event.id, electedBulletin(listId, undefined, ['email']));
    // While the relay refuses, the operator sees why.
    const during = await waitFor('a refused attempt shown', async () => {
      const d = await deliveriesOf(t, prefect, message.id);
      return d.items.some((i) => i.attempts >= 1 && /421/.test(String(i.error ?? ''))) ? d : null;
    });
    expect(during.items.every((i) => i.status !== 'sent')).toBe(true);
    const done = await settled(t, prefect, message.id, 150_000);
    expect(done.items).toHaveLength(20);
    expect(done.items.every((i) => i.status === 'sent')).toBe(true);
    expect(done.items.every((i) => i.attempts >= 2)).toBe(true);
    const got = peers.smtp.received
      .slice(before)
      .map((m) => m.envelope.to[0])
      .sort();
    expect(got).toEqual(MAYORS.map((_, i) => `maire${i + 1}@vosges.example.org`).sort());
    expect([...peers.smtp.refusedFor.keys()].length).toBe(20);
  });

  it('the SMS gateway answering 200 with a body no gateway sends: the worker goes on, each SMS is tried again and sent, the failure recorded', async () => {
    const event = await createEvent(t, prefect);
    const numbers = Array.from({ length: 5 }, (_, i) => `+3361234560${i}`);
    const smsList = await importContacts(
      t,
      await t.adminToken(),
      numbers.map((n, i) => `mayor;Maire joignable ${i + 1};Mairie ${i + 1};88160;;${n};non;faults-sms`),
      'faults-sms',
    );
    // The adapter cannot read this answer and throws: the bug must cost a retry (SMS are at-least-once), not a delivery.
    peers.sms.garbleNext({ ids: 'not-a-list', validReceivers: 42 });
    const jobsBefore = peers.sms.jobs.length;
    const { message } = await draftApproveDispatch(t, writer, prefect, event.id, electedBulletin(smsList, undefined, ['sms']));
    const done = await settled(t, prefect, message.id, 60_000);
    expect(done.items.map((i) => [i.status, i.attempts >= 2])).toEqual(numbers.map(() => ['sent', true]));
    expect(
      peers.sms.jobs
        .slice(jobsBefore)
        .flatMap((j) => j.receivers)
        .sort(),
    ).toEqual(numbers);
    const results = (await auditActions(t, await t.adminToken(), 'delivery.results'))
      .filter((e) => e.subjectId === message.id)
      .flatMap((e) => e.payload.results as { status: string; error: string | null }[]);
    expect(results.filter((r) => r.status === 'queued' && /channel sms failed unexpectedly: .*is not a function/.test(r.error ?? ''))).toHaveLength(5);
    expect(results.filter((r) => r.status === 'sent')).toHaveLength(5);
  });

  it('X answering 429 with a reset, 403 duplicate and hanging past the timeout: email and Facebook finish on time, X posts at most once, the reason shown while it waits', async () => {
    const event = await createEvent(t, prefect, { title: 'Tempête sur la Vôge', kind: 'storm' });
    const resetAt = Math.ceil(Date.now() / 1000) + 6;
    const xBefore = peers.x.postsOf(X_USER).length;
    const fbBefore = peers.facebook.posts.length;
    const send = (facts: string) =>
      draftApproveDispatch(t, writer, prefect, event.id, {
        audiences: ['elected', 'public'],
        channels: { elected: ['email'], public: ['x', 'facebook'] },
        listIds: { elected: [listId] },
        facts,
        instructions: 'Restez chez vous.',
        nextUpdateAt: inHours(2),
      });
    peers.x.rateLimitNext(resetAt);
    const limited = await send('Rafales à 120 km/h attendues cette nuit.');
    const started = Date.now();
    // Email and Facebook are not held back by X's rate limit.
    await waitFor(
      'email and Facebook done',
      async () => {
        const d = await deliveriesOf(t, prefect, limited.message.id);
        return d.items.filter((i) => i.channel !== 'x').every((i) => i.status === 'sent') ? d : null;
      },
      30_000,
    );
    expect(Date.now() - started).toBeLessThan(30_000);
    const xRow = async (messageId: string) => (await deliveriesOf(t, prefect, messageId)).items.find((i) => i.channel === 'x')!;
    // The operator sees why X waits (the console's deliveries panel shows this field).
    const waiting = await xRow(limited.message.id);
    expect([waiting.status, String(waiting.error)]).toEqual(['queued', expect.stringMatching(/429|rate/i)]);
    await waitFor('X after its reset', async () => (await xRow(limited.message.id)).status === 'sent', 60_000);
    expect(Date.now() / 1000).toBeGreaterThanOrEqual(resetAt - 1);

    // X answers 403 duplicate when the text is already on the account (posted by hand, or by a run that crashed):
    // the post is unknown, found by its marker, and recorded as sent without a second post.
    const auth = { Authorization: `Bearer ${prefect}` };
    const draft = await t
      .http()
      .post(`/api/events/${event.id}/messages`)
      .set({ Authorization: `Bearer ${writer}` })
      .send({
        audiences: ['public'],
        channels: { public: ['x'] },
        facts: 'Deuxième bulletin : rafales confirmées.',
        instructions: 'Restez chez vous.',
        nextUpdateAt: inHours(2),
      })
      .expect(201);
    const preview = await t.http().get(`/api/messages/${draft.body.id}/preview`).set(auth).expect(200);
    const xText = preview.body.renderings.find((r: { channel: string }) => r.channel === 'x').parts.text as string;
    peers.x.posts.push({ id: '1860000000000009999', text: xText, userId: X_USER, unanswered: false });
    await t.http().post(`/api/messages/${draft.body.id}/approve`).set(auth).expect(200);
    await t.http().post(`/api/messages/${draft.body.id}/dispatch`).set(auth).send({}).expect(200);
    const duplicate = { message: draft.body as { id: string; marker: string } };
    const dupRow = await waitFor(
      'the duplicate settled',
      async () => {
        const r = await xRow(duplicate.message.id);
        return r.status === 'sent' ? r : null;
      },
      60_000,
    );
    expect(dupRow.proof?.postId ?? dupRow.proof?.id).toBe('1860000000000009999');

    // A post X published and never answered: unknown, found by its marker, never posted twice.
    peers.x.hangNext();
    const hung = await send('Troisième bulletin : la tempête s’éloigne.');
    await waitFor('the hung post settled', async () => (await xRow(hung.message.id)).status === 'sent', 90_000);

    const xPosts = peers.x.postsOf(X_USER).slice(xBefore);
    const counts = [limited, duplicate, hung].map(({ message }) => xPosts.filter((p) => p.text.includes(message.marker)).length);
    expect(counts).toEqual([1, 1, 1]);
    const timeline = (await t.http().get(`/api/events/${event.id}/timeline`).set('Authorization', `Bearer ${prefect}`)).body.entries as { action: string; label: string }[];
    expect(timeline.filter((e) => e.action === 'delivery.reconciled').length).toBeGreaterThanOrEqual(2);
    expect(peers.facebook.posts.length - fbBefore).toBe(2);
  });
});
