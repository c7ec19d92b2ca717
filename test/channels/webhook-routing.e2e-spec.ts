import { createEvent } from '../events/support';
import { draftApproveDispatch, importContacts, inHours, settled } from '../messages/support';
import { SmtpPeer } from '../peers/smtp-peer';
import { WebhookPeer } from '../peers/webhook-peer';
import { describeRealPostgres } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

const WEBHOOK_SECRET = 'partenaires-secret-000001';

/**
 * The signed webhook serves the institutional partners (departmental council,
 * SDIS, ARS): each bulletin to the elected officials reaches their systems once,
 * as data signed with the shared secret; never in an exercise, never for a
 * bulletin the elected officials do not get.
 */
describeRealPostgres('webhook routing to the institutional partners', () => {
  jest.setTimeout(120_000);
  const smtp = new SmtpPeer();
  const webhook = new WebhookPeer(WEBHOOK_SECRET);
  let t: TestApp;
  let writer: string;
  let prefect: string;
  let listId: string;

  beforeAll(async () => {
    await Promise.all([smtp.start(), webhook.start()]);
    t = await startTestApp({
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Préfecture des Vosges <alerte@vosges.example.org>',
      WEBHOOK_URL: `${webhook.url}/hooks/crise`,
      WEBHOOK_SECRET,
      PUBLIC_BASE_URL: 'https://crise.vosges.example.org',
      DELIVERY_POLL_MS: '100',
    });
    writer = (await t.userWithRole('communication', 'redaction')).token;
    prefect = (await t.userWithRole('prefect', 'prefete')).token;
    listId = await importContacts(
      t,
      await t.adminToken(),
      ['mayor;Maire d’Épinal;Mairie d’Épinal;88160;maire@vosges.example.org;;oui;partenaires', 'departmental_councillor;Conseillère;Conseil départemental;;cd@vosges.example.org;;non;partenaires'],
      'partenaires',
    );
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([smtp.stop(), webhook.stop()]);
  });

  it('a real bulletin to the elected officials reaches the partners once, signed, with the elected officials’ text; it meets no C2 clock', async () => {
    const event = await createEvent(t, prefect);
    const { message } = await draftApproveDispatch(t, writer, prefect, event.id, {
      audiences: ['elected', 'public'],
      channels: { elected: ['email'], public: ['public_page'] },
      listIds: { elected: [listId] },
      facts: 'Un feu progresse sur le massif de la Vologne.',
      instructions: 'Évitez le secteur.',
      nextUpdateAt: inHours(2),
    });
    const done = await settled(t, prefect, message.id);
    const partners = done.items.filter((i) => i.channel === 'webhook');
    expect(partners).toEqual([expect.objectContaining({ audience: 'partners', status: 'sent', recipientName: expect.stringContaining('SDIS') })]);
    expect(webhook.badSignatures).toHaveLength(0);
    expect(webhook.calls).toHaveLength(1);
    const call = webhook.calls[0].body;
    const mayorMail = smtp.received.find((m) => m.envelope.to[0] === 'maire@vosges.example.org')!;
    expect(call).toEqual(expect.objectContaining({ reference: partners[0].id, eventId: event.id, channel: 'webhook', marker: message.marker, exercise: false, subject: mayorMail.subject }));
    expect(String(call.text).trim()).toBe(mayorMail.text?.trim());
    // The webhook's acceptance is not an elected official reached: the C2 facts name email and the public page only.
    const timeline = await t.http().get(`/api/events/${event.id}/timeline`).set('Authorization', `Bearer ${prefect}`).expect(200);
    const facts = (timeline.body.entries as { action: string; payload: { means?: string; audience?: string } }[]).filter((e) => e.action === 'event.fact_recorded');
    expect(facts.map((f) => [f.payload.audience, f.payload.means]).sort()).toEqual([
      ['elected', 'email'],
      ['public', 'public_page'],
    ]);
  });

  it('a bulletin to the public only does not call the partners', async () => {
    const before = webhook.calls.length;
    const event = await createEvent(t, prefect, { title: 'Tempête sur la Vôge', kind: 'storm' });
    const { message } = await draftApproveDispatch(t, writer, prefect, event.id, {
      audiences: ['public'],
      channels: { public: ['public_page'] },
      facts: 'Rafales à 120 km/h.',
      instructions: 'Restez chez vous.',
      nextUpdateAt: inHours(2),
    });
    const done = await settled(t, prefect, message.id);
    expect(done.items.map((i) => i.channel)).toEqual(['public_page']);
    expect(webhook.calls.length).toBe(before);
  });

  it('an exercise bulletin to the elected officials keeps the partners out: the row is sandboxed, the webhook never called', async () => {
    const before = webhook.calls.length;
    const event = await createEvent(t, prefect, { mode: 'exercise', title: 'Exercice feu de forêt' });
    const { message } = await draftApproveDispatch(t, writer, prefect, event.id, {
      audiences: ['elected'],
      channels: { elected: ['email'] },
      listIds: { elected: [listId] },
      facts: 'Exercice : un feu progresse.',
      instructions: 'Exercice : évitez le secteur.',
      nextUpdateAt: inHours(2),
    });
    const done = await settled(t, prefect, message.id);
    expect(done.items.filter((i) => i.channel === 'webhook')).toEqual([expect.objectContaining({ audience: 'partners', status: 'sandboxed' })]);
    expect(webhook.calls.length).toBe(before);
    expect(webhook.requests.filter((r) => r.body.includes(message.marker))).toHaveLength(0);
  });
});
