import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { ATOM_NAMESPACE } from '../../src/domain/public-page/atom-feed';
import { CAP_NAMESPACE } from '../../src/domain/public-page/cap-alert';
import { artifactPath, CHROMIUM, launchBrowser } from '../console/browser';
import { listen } from '../console/live-support';
import { createEvent, waitFor } from '../events/support';
import { draftApproveDispatch, importContacts, inHours, settled } from '../messages/support';
import { ChannelPeers, startChannelPeers } from '../peers/channel-peers';
import { parseXml } from '../public-page/xml-check';
import { startTestApp, TestApp } from '../support/test-app';

// Each payload sets a flag if it ever runs; none may.
const TITLE = `"><img src=x onerror="__xss=1"><script>__xss=2</script>]]>\u0007`;
const FACTS = `La Moselle déborde <img src=x onerror="window.__xss='facts'"> & ]]> <b>gras</b> \u000bfin.`;
const CONTACT = `Maire <script>window.__xss='contact'</script>`;

/** Markup typed by a person (or pasted from elsewhere) stays text, in every page, feed and email. */
describe('markup in titles, facts and names is shown as text everywhere (XSS)', () => {
  jest.setTimeout(240_000);
  let peers: ChannelPeers;
  let t: TestApp;
  let url: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let duty: { token: string; username: string };
  let writer: string;
  let prefect: string;
  let eventId: string;
  let marker: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
    peers = await startChannelPeers();
    t = await startTestApp({ ...peers.env, DELIVERY_POLL_MS: '100', PUBLIC_BASE_URL: 'https://crise.vosges.example.org' });
    url = await listen(t);
    browser = await launchBrowser();
    duty = await t.userWithRole('duty_officer', 'astreinte');
    writer = (await t.userWithRole('communication', 'redaction')).token;
    prefect = (await t.userWithRole('prefect', 'prefete')).token;
    const listId = await importContacts(t, await t.adminToken(), [`mayor;${CONTACT};Mairie d’Épinal;88160;maire@epinal.example.org;;non;xss`], 'xss');
    eventId = (await createEvent(t, duty.token, { title: TITLE })).id;
    await t.http().post(`/api/events/${eventId}/cod-activation`).set('Authorization', `Bearer ${prefect}`).send({ decidedBy: 'M. le Préfet' }).expect(200);
    const { message } = await draftApproveDispatch(t, writer, prefect, eventId, {
      audiences: ['elected', 'public'],
      channels: { elected: ['email'], public: ['public_page'] },
      listIds: { elected: [listId] },
      facts: FACTS,
      instructions: 'Évitez les berges.',
      nextUpdateAt: inHours(2),
    });
    marker = message.marker;
    await settled(t, prefect, message.id);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await peers?.stop();
  });

  async function noScriptRan(page: Page): Promise<void> {
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: string }).__xss ?? null)).toBeNull();
  }

  it('the console shows the title as text and runs none of it', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/console/#/events/${eventId}`);
    await page.getByLabel('Identifiant').fill(duty.username);
    await page.getByLabel('Mot de passe').fill(`${duty.username}-password-123`);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: '<img src=x' }).waitFor();
    await waitFor('the timeline', async () => (await page.locator('body').innerText()).includes('Message envoyé aux canaux'));
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await noScriptRan(page);
    await page.screenshot({ path: artifactPath('xss-console.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the public page shows the title and the facts as text', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${url}/public/events/${eventId}`);
    const text = await page.locator('body').innerText();
    expect(text).toContain('<img src=x onerror=');
    expect(text).toContain('<b>gras</b>');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('main b').count()).toBe(0);
    await noScriptRan(page);
    await page.close();
  });

  it('the Atom feed and the CAP alert stay well-formed XML, with the markup as text and the control characters dropped', async () => {
    const page = await browser.context.newPage();
    for (const [path, ns, field] of [
      [`/public/events/${eventId}/feed.atom`, ATOM_NAMESPACE, 'title'],
      [`/public/events/${eventId}/cap.xml`, CAP_NAMESPACE, 'headline'],
    ] as const) {
      const res = await fetch(`${url}${path}`);
      expect(res.status).toBe(200);
      const xml = await res.text();
      expect(xml).not.toMatch(/<img|<script/);
      const parsed = await parseXml(page, xml, ns);
      expect([path, parsed.error]).toEqual([path, null]);
      const texts = parsed.texts(field).join('\n');
      expect(texts).toContain('<img src=x onerror=');
      expect(texts).not.toMatch(/[\u0007\u000b]/);
    }
    await page.close();
  });

  it('the HTML email escapes the facts and the event title', async () => {
    const mail = await waitFor('the email', async () => peers.smtp.received.find((m) => m.envelope.to.includes('maire@epinal.example.org') && (m.text ?? '').includes(marker)));
    expect(mail.html).toBeDefined();
    expect(mail.html).not.toMatch(/<img src=x|<script>|<b>gras<\/b>|]]>/);
    expect(mail.html).toContain('&lt;img src'); // Handlebars also escapes = as &#x3D;
  });
});
