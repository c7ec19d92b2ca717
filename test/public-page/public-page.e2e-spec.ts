import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { ATOM_NAMESPACE } from '../../src/domain/public-page/atom-feed';
import { CAP_NAMESPACE } from '../../src/domain/public-page/cap-alert';
import { validateNationalInformationNumber } from '../../src/domain/events/phone-number';
import { EXERCISE_MARKING } from '../../src/domain/messages/exercise-marking';
import { CHROMIUM, launchBrowser } from '../console/browser';
import { createEvent, waitFor } from '../events/support';
import { draftApproveDispatch, inHours } from '../messages/support';
import { startTestApp, TestApp } from '../support/test-app';
import { parseXml } from './xml-check';

const NNIP = (validateNationalInformationNumber('0 800 130 000') as { display: string }).display;
const PUBLIC_ONLY = { audiences: ['public'], channels: { public: ['public_page'] } };

/**
 * The public page, its Atom feeds and its CAP 1.2 alerts, read over HTTP with
 * no session, after bulletins went through the real pipeline: draft, four-eyes
 * approval, dispatch, the worker publishing to the public_page channel. The
 * XML is parsed by Chromium's DOMParser.
 */
describe('public information page and feeds', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let writer: string;
  let prefect: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let xmlPage: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
    t = await startTestApp({ DELIVERY_POLL_MS: '100', PUBLIC_BASE_URL: 'https://crise.vosges.example.org' });
    writer = (await t.userWithRole('communication', 'redaction')).token;
    prefect = (await t.userWithRole('prefect', 'prefete')).token;
    browser = await launchBrowser();
    xmlPage = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  /** Dispatches a public-page bulletin and waits until the page channel has published it. */
  async function publish(eventId: string, facts: string, instructions: string) {
    const { message } = await draftApproveDispatch(t, writer, prefect, eventId, { ...PUBLIC_ONLY, facts, instructions, nextUpdateAt: inHours(2) });
    await waitFor(`bulletin ${message.marker} online`, async () => {
      const res = await t.http().get(`/api/messages/${message.id}/deliveries`).set(auth(prefect));
      return res.body.items?.[0]?.status === 'sent';
    });
    return message;
  }

  async function text(path: string) {
    const res = await t
      .http()
      .get(path)
      .buffer(true)
      .parse((r, cb) => {
        let s = '';
        r.on('data', (c: Buffer) => (s += c.toString('utf8')));
        r.on('end', () => cb(null, s));
      });
    return { status: res.status, type: String(res.headers['content-type']), body: res.body as string, headers: res.headers };
  }

  async function cap(eventId: string) {
    const { status, type, body } = await text(`/public/events/${eventId}/cap.xml`);
    return { status, type, xml: body };
  }

  it('answers an unknown or malformed event id with a French 404 page, for the page and its feeds', async () => {
    for (const path of [
      '/public/events/00000000-0000-4000-8000-000000000000',
      '/public/events/not-an-id',
      '/public/events/00000000-0000-4000-8000-000000000000/feed.atom',
      '/public/events/not-an-id/cap.xml',
    ]) {
      const res = await text(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.type).toMatch(/^text\/html/);
      expect(res.body).toContain('<h1>Événement introuvable</h1>');
      expect(res.body).toContain('href="/public/events"');
    }
  });

  it('shows an event before its first bulletin, with an empty feed and no CAP alert yet', async () => {
    const event = await createEvent(t, prefect, { title: 'Tempête sur la Vôge', kind: 'storm' });
    const page = await text(`/public/events/${event.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain("Aucune information n'a encore été publiée");
    // A draft, even approved, is not public.
    const draft = await t
      .http()
      .post(`/api/events/${event.id}/messages`)
      .set(auth(writer))
      .send({ ...PUBLIC_ONLY, facts: 'Brouillon jamais envoyé : vents forts.', instructions: 'Rien à faire.', nextUpdateAt: inHours(1) });
    await t.http().post(`/api/messages/${draft.body.id}/approve`).set(auth(prefect)).expect(200);
    expect((await text(`/public/events/${event.id}`)).body).not.toContain('Brouillon jamais envoyé');
    const feed = await text(`/public/events/${event.id}/feed.atom`);
    expect(feed.status).toBe(200);
    const atom = await parseXml(xmlPage, feed.body, ATOM_NAMESPACE);
    expect(atom.error).toBeNull();
    expect(atom.texts('entry')).toHaveLength(0);
    const alert = await cap(event.id);
    expect(alert.status).toBe(404);
    expect(alert.xml).toContain("Pas encore d'alerte");
  });

  it('publishes bulletins on the page, in Atom and as CAP Alert then Update, with the national number once the CIP is open', async () => {
    const event = await createEvent(t, prefect, { title: 'Crue de la Moselle', kind: 'flood', communes: ['88160', '88196'] });
    await t.http().post(`/api/events/${event.id}/cod-activation`).set(auth(prefect)).send({ decidedBy: 'M. le Préfet' }).expect(200);
    const first = await publish(event.id, 'La Moselle monte à Épinal.\n\nDeux routes sont fermées.', 'Ne vous engagez pas sur les routes inondées.');
    await t.http().post(`/api/events/${event.id}/cip-order`).set(auth(prefect)).send({ nationalNumber: '0 800 130 000', orderedBy: 'M. le Préfet' }).expect(200);
    await t.http().post(`/api/events/${event.id}/cip-opened`).set(auth(prefect)).send({}).expect(200);
    const second = await publish(event.id, 'La Moselle a dépassé la cote d’alerte & la décrue <n’est pas> attendue avant demain.', 'Restez chez vous. Appelez le numéro national.');

    // The page, without any session.
    const page = await text(`/public/events/${event.id}`);
    expect(page.status).toBe(200);
    // The design system's style sheets and fonts from this server, no inline style, no script.
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:;/);
    expect(page.headers['content-security-policy']).not.toMatch(/script-src|unsafe-inline/);
    const html = page.body;
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<link rel="stylesheet" href="/dsfr/dsfr.min.css">');
    expect(html).toContain('<p class="fr-logo">Préfet<br>des Vosges</p>');
    expect(html).not.toMatch(/<style|style="/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!crise\.vosges\.example\.org)/);
    const latest = html.slice(html.indexOf('class="latest"'), html.indexOf('</article>', html.indexOf('class="latest"')));
    expect(latest).toContain('la décrue &lt;n’est pas&gt; attendue');
    expect(latest).toContain('Restez chez vous. Appelez le numéro national.');
    expect(latest).toMatch(/Prochain point de situation : (aujourd'hui|aujourd&#39;hui|le \d\d\/\d\d) à \d\dh\d\d \(heure de Paris\)/);
    expect(latest).toContain(`data-marker="${second.marker}"`);
    expect(html).toContain('<h2 id="precedents">Bulletins précédents</h2>');
    expect(html).toContain('<p>La Moselle monte à Épinal.</p>\n<p>Deux routes sont fermées.</p>');
    expect(html.indexOf(second.marker)).toBeLessThan(html.indexOf(first.marker));
    expect(html).toContain(`<p class="number fr-h3 fr-mb-0"><a href="tel:0800130000">${NNIP}</a></p>`);
    expect(html).toContain(`Communes concernées : ${event.communes.map((c) => c.name).join(', ')}`);
    expect(html).not.toContain(EXERCISE_MARKING);
    // The public page delivery's proof points at its bulletin on this page.
    const rows = (await t.http().get(`/api/messages/${second.id}/deliveries`).set(auth(prefect))).body.items;
    const anchor = new URL(rows[0].proof.url).hash.slice(1);
    expect(html).toContain(`<article id="${decodeURIComponent(anchor)}" class="latest"`);

    // Atom: two entries, newest first, well-formed.
    const feed = await text(`/public/events/${event.id}/feed.atom`);
    expect(feed.type).toMatch(/^application\/atom\+xml/);
    const atom = await parseXml(xmlPage, feed.body, ATOM_NAMESPACE);
    expect(atom.error).toBeNull();
    expect(atom.rootName).toBe('feed');
    expect(atom.texts('id').slice(1)).toEqual([`urn:uuid:${second.id}`, `urn:uuid:${first.id}`]);
    expect(atom.texts('content')[0]).toContain('la décrue <n’est pas> attendue');

    // CAP: the latest is an Update referencing the first, which was the Alert.
    const alert = await cap(event.id);
    expect(alert.status).toBe(200);
    expect(alert.type).toMatch(/^application\/cap\+xml/);
    const x = await parseXml(xmlPage, alert.xml, CAP_NAMESPACE);
    expect(x.error).toBeNull();
    expect([x.rootName, x.rootNamespace]).toEqual(['alert', CAP_NAMESPACE]);
    const one = (n: string) => x.texts(n)[0];
    expect(one('identifier')).toBe(second.marker.slice(1, -1));
    expect(one('sender')).toBe('crise.vosges.example.org');
    expect(one('sent')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(one('status')).toBe('Actual');
    expect(one('msgType')).toBe('Update');
    expect(one('scope')).toBe('Public');
    const [sender, identifier, sent] = one('references').split(',');
    expect([sender, identifier]).toEqual(['crise.vosges.example.org', first.marker.slice(1, -1)]);
    expect(Date.parse(sent)).toBeLessThanOrEqual(Date.parse(one('sent')));
    expect(one('language')).toBe('fr-FR');
    expect(x.texts('category')).toEqual(['Met']);
    expect(one('event')).toBe('Inondation');
    expect([one('urgency'), one('severity'), one('certainty')]).toEqual(['Immediate', 'Severe', 'Observed']);
    expect(one('headline')).toContain('Crue de la Moselle');
    expect(one('description')).toBe('La Moselle a dépassé la cote d’alerte & la décrue <n’est pas> attendue avant demain.');
    expect(one('instruction')).toBe('Restez chez vous. Appelez le numéro national.');
    expect(one('web')).toBe(`https://crise.vosges.example.org/public/events/${event.id}`);
    expect(one('contact')).toBe(NNIP);
    expect(one('areaDesc')).toBe('Épinal, Gérardmer');
    expect(x.texts('valueName')).toEqual(['INSEE', 'INSEE']);
    expect(x.texts('value')).toEqual(['88160', '88196']);

    // Closing the event: the page says so, CAP cancels the last bulletin, Atom has an entry for the end.
    await t.http().post(`/api/events/${event.id}/close`).set(auth(prefect)).send({ reason: 'Décrue confirmée' }).expect(200);
    const closedPage = (await text(`/public/events/${event.id}`)).body;
    expect(closedPage).toContain('Événement terminé');
    expect(closedPage).not.toContain('Prochain point de situation');
    expect(closedPage).not.toContain('class="number');
    const cancel = await parseXml(xmlPage, (await cap(event.id)).xml, CAP_NAMESPACE);
    expect(cancel.error).toBeNull();
    expect(cancel.texts('msgType')).toEqual(['Cancel']);
    expect(cancel.texts('identifier')).toEqual([`${second.marker.slice(1, -1)}-FIN`]);
    expect(cancel.texts('references')[0].split(',').slice(0, 2)).toEqual(['crise.vosges.example.org', second.marker.slice(1, -1)]);
    const closedFeed = await parseXml(xmlPage, (await text(`/public/events/${event.id}/feed.atom`)).body, ATOM_NAMESPACE);
    expect(closedFeed.texts('title')[1]).toMatch(/^Fin de l'événement : Crue de la Moselle$/);

    // Not among the open events any more; in the feeds of all events with its end.
    expect((await text('/public/events')).body).not.toContain(`/public/events/${event.id}"`);
    const all = await parseXml(xmlPage, (await text('/public/feed.atom')).body, ATOM_NAMESPACE);
    expect(all.error).toBeNull();
    expect(all.texts('id')).toEqual(expect.arrayContaining([`urn:uuid:${first.id}`, `urn:uuid:${second.id}`]));
    const index = await parseXml(xmlPage, (await text('/public/cap.xml')).body, ATOM_NAMESPACE);
    expect(index.error).toBeNull();
    expect(index.texts('id')).toContain(`https://crise.vosges.example.org/public/events/${event.id}/cap.xml#${second.marker.slice(1, -1)}-FIN`);
    expect(index.attrs('link', 'type')).toContain('application/cap+xml');
  });

  it('marks an exercise everywhere: banner and title of the page, status Exercise in CAP, the feed title', async () => {
    const event = await createEvent(t, prefect, { title: 'Exercice accident industriel', kind: 'industrial_accident', mode: 'exercise', communes: ['88160'] });
    const b = await publish(event.id, 'Fuite simulée de chlore sur le site industriel.', 'Restez à l’intérieur, fermez les fenêtres.');
    const html = (await text(`/public/events/${event.id}`)).body;
    expect(html).toMatch(/<title>EXERCICE – Exercice accident industriel — Information du public — Préfecture des Vosges<\/title>/);
    expect(html).toContain(`<p class="exercise" role="note"><span class="fr-notice__title">${EXERCISE_MARKING}</span>`);
    expect(html).toContain(b.marker);
    const x = await parseXml(xmlPage, (await cap(event.id)).xml, CAP_NAMESPACE);
    expect(x.error).toBeNull();
    expect(x.texts('status')).toEqual(['Exercise']);
    expect(x.texts('msgType')).toEqual(['Alert']);
    expect(x.texts('note')[0]).toContain(EXERCISE_MARKING);
    expect(x.texts('category')).toEqual(['Env', 'Safety']);
    expect(x.texts('contact')).toEqual([]);
    const atom = await parseXml(xmlPage, (await text(`/public/events/${event.id}/feed.atom`)).body, ATOM_NAMESPACE);
    expect(atom.texts('title')[0]).toMatch(new RegExp(`^${EXERCISE_MARKING} \\| Exercice accident industriel`));
    const list = (await text('/public/events')).body;
    expect(list).toContain(`<a class="fr-link fr-text--lg" href="/public/events/${event.id}">Exercice accident industriel</a> <span class="fr-badge fr-badge--purple-glycine badge">Exercice</span>`);
  });
});
