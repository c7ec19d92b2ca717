import { existsSync, statSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { ATOM_NAMESPACE } from '../../src/domain/public-page/atom-feed';
import { CAP_NAMESPACE } from '../../src/domain/public-page/cap-alert';
import { addMember, addRotation } from '../cell/support';
import { waitFor } from '../events/support';
import { importContacts } from '../messages/support';
import { ChannelPeers, startChannelPeers } from '../peers/channel-peers';
import { parseXml } from '../public-page/xml-check';
import { startTestApp, TestApp } from '../support/test-app';
import { artifactPath, CHROMIUM, launchBrowser, watchPage } from './browser';
import { listen } from './live-support';

const FACTS = 'Un feu de forêt progresse sur le massif de la Vologne : 40 hectares brûlés, la RD 11 est fermée.';
const INSTRUCTIONS = 'Évitez le secteur, ne gênez pas les secours, suivez les consignes des pompiers.';

async function logIn(page: Page, username: string) {
  await page.getByLabel('Identifiant').fill(username);
  await page.getByLabel('Mot de passe').fill(`${username}-password-123`);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

async function logOut(page: Page) {
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.getByRole('heading', { name: 'Connexion' }).waitFor();
}

const cell = (page: Page, key: string, status: string): Locator => page.locator(`section[data-panel="deliveries"] tr[data-key="${key}"] td[data-status="${status}"]`);

/**
 * The whole crisis-room path in a real Chromium, against real SMTP, SMS, X and
 * Facebook peers on loopback: an event and its COD, the cell called, a
 * bulletin composed, previewed, refused to its author's approval, approved and
 * sent by the prefect, its deliveries counted live, then read by the public on
 * the page and in the feeds.
 */
describe('the console’s messages, deliveries and cell panels, and the public page, in a real Chromium', () => {
  jest.setTimeout(300_000);
  let peers: ChannelPeers;
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
    peers = await startChannelPeers();
    // Email and SMS at one a second: the counts rise while the test watches.
    t = await startTestApp({ ...peers.env, DELIVERY_POLL_MS: '100', DELIVERY_RETRY_BASE_SECONDS: '1', CHANNEL_TIMEOUT_SECONDS: '3', DELIVERY_RATE_LIMITS: 'email=1,sms=1,x=20,facebook=20' });
    url = await listen(t);
    await t.userWithRole('duty_officer', 'astreinte');
    await t.userWithRole('communication', 'redaction');
    await t.userWithRole('prefect', 'prefete');
    const admin = await t.adminToken();
    const chief = await addMember(t, admin, 'Claire Chef', 'chief', 0);
    const writer = await addMember(t, admin, 'Paul Plume', 'writer', 1);
    await addRotation(t, admin, 'chief', [chief.id]);
    await addRotation(t, admin, 'writer', [writer.id]);
    await importContacts(
      t,
      await t.adminToken(),
      [
        'mayor;Sophie Marchal;Mairie d’Épinal;88160;maire.epinal@vosges.example.org;+33639980101;non;console-vologne',
        'mayor;Jean Vologne;Mairie de Docelles;88135;maire.docelles@vosges.example.org;+33639980102;non;console-vologne',
        'mp;Anne Député;Assemblée nationale;;depute@an.example.org;;non;console-vologne',
      ],
      'console-vologne',
    );
  });
  afterAll(async () => {
    await t?.close();
    await peers?.stop();
  });

  it('composes, previews, approves with four eyes, dispatches and follows the deliveries live; the public page and its feeds show the bulletin', async () => {
    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    const { pageErrors, foreign } = watchPage(page, url);
    try {
      // The duty officer: the event, the COD activation, the countdown, the cell.
      await page.goto(`${url}/console/`);
      await logIn(page, 'astreinte');
      await page.getByRole('heading', { name: 'Événements majeurs' }).waitFor();
      await page.getByText('Créer un événement').click();
      await page.getByLabel('Titre').fill('Feu de forêt — massif de la Vologne');
      await page.getByLabel('Nature').selectOption('forest_fire');
      await page.getByLabel('Communes touchées').fill('88160, 88135');
      await page.getByRole('button', { name: 'Créer l’événement' }).click();
      await page.waitForURL(/#\/events\/[0-9a-f-]{36}$/);
      const eventId = /#\/events\/([0-9a-f-]{36})$/.exec(page.url())![1];
      await page.getByText('Enregistrer l’activation du COD').click();
      await page.locator('form[data-action="cod"]').getByRole('button', { name: 'Enregistrer' }).click();
      await page.locator('li.clock[data-key="C2-public"][data-phase="pending"]').waitFor();
      const first = await page.locator('li.clock[data-key="C2-public"] .clock-value').textContent();
      await waitFor('the countdown to move', async () => (await page.locator('li.clock[data-key="C2-public"] .clock-value').textContent()) !== first, 10_000);

      // Two of the four required roles are on call: the cell panel shows who was paged, how, and which roles nobody covers.
      const cellPanel = page.locator('section[data-panel="cell"]');
      await cellPanel.getByRole('button', { name: 'Appeler la cellule' }).click();
      await cellPanel.getByText(/Cellule appelée le \d\d\/\d\d\/\d{4} \d\d:\d\d/).waitFor();
      expect(await cellPanel.locator('.cell-pages .problems').textContent()).toMatch(/Personne n'est d'astreinte comme relations presse/);
      await cellPanel.locator('tr', { hasText: 'Claire Chef' }).locator('td[data-channel="email"][data-outcome="sent"]').waitFor();
      await cellPanel.locator('tr', { hasText: 'Claire Chef' }).locator('td[data-channel="sms"][data-outcome="sent"]').waitFor();
      // Claire answered by phone: recorded from the console; the role turns acknowledged live.
      await cellPanel.locator('tr', { hasText: 'Claire Chef' }).getByRole('button', { name: 'Prise en compte par téléphone' }).click();
      await cellPanel.locator('li[data-role="chief"][data-acknowledged="true"]').waitFor();
      await cellPanel.locator('summary', { hasText: 'Déclarer la cellule opérationnelle' }).click();
      await cellPanel.getByLabel('Déclarée par (chef de cellule ; vide : vous)').fill('Claire Chef');
      await cellPanel.getByRole('button', { name: 'Déclarer opérationnelle' }).click();
      await cellPanel.getByText(/Cellule opérationnelle depuis le /).waitFor();
      await page.locator('li.clock[data-key="C1"][data-phase="met"]').waitFor();
      expect(await page.locator('ol.timeline li[data-action="cell.called"] .what').textContent()).toMatch(/^Cellule de communication appelée — rôles sans astreinte : /);
      await page.locator('ol.timeline li[data-action="cell.acknowledged"]', { hasText: 'Claire Chef (chef de cellule), saisie depuis la console par astreinte' }).waitFor();
      await page.locator('ol.timeline li[data-action="cell.operational"]', { hasText: 'déclarée par Claire Chef' }).waitFor();
      await logOut(page);

      // The communication officer composes; the preview shows each channel; four eyes keep her from approving her own message.
      await page.goto(`${url}/console/#/events/${eventId}`);
      await logIn(page, 'redaction');
      const messages = page.locator('section[data-panel="messages"]');
      await messages.getByText('Rédiger un message').click();
      await messages.locator('#aud-media').uncheck();
      await messages.getByLabel('Listes pour : Élus locaux').selectOption({ label: 'console-vologne (3)' });
      await messages.getByLabel('Situation (faits validés par le COD)').fill(FACTS);
      await messages.getByLabel('Consignes à la population').fill(INSTRUCTIONS);
      await messages.getByRole('button', { name: 'Rédiger et voir l’aperçu' }).click();
      const preview = messages.locator('.message-preview');
      await preview.getByRole('heading', { name: /Aperçu du bulletin \[PREF88-B\d+-\d{4}\] — Brouillon/ }).waitFor();
      const marker = /\[PREF88-B\d+-\d{4}\]/.exec((await preview.locator('h3').textContent())!)![0];
      // Elected email and SMS; public X, Facebook, Instagram, Mastodon, Bluesky and the page.
      expect(await preview.locator('article.rendering').count()).toBe(8);
      // The channel names come from the server's catalogue (the settings), not from a list in the console.
      expect(await preview.locator('article.rendering[data-channel="instagram"] h4').textContent()).toBe('Grand public · Instagram');
      expect(await preview.locator('article.rendering[data-channel="x"] .stats').textContent()).toMatch(/longueur pondérée X \d+ \/ 280/);
      expect(await preview.locator('article.rendering[data-audience="elected"][data-channel="sms"] .stats').textContent()).toMatch(/\d+ SMS \((GSM-7|UCS-2)/);
      expect(await preview.locator('article.rendering[data-channel="public_page"] pre.rendered').first().textContent()).toContain('Feu de forêt');
      const approveOwn = preview.getByRole('button', { name: 'Approuver' });
      expect(await approveOwn.isDisabled()).toBe(true);
      expect(await preview.locator('.message-actions .hint').textContent()).toMatch(/Vous avez rédigé ce message : une autre personne/);
      await logOut(page);

      // The prefect approves and sends; the counts rise on the page without a reload.
      await page.goto(`${url}/console/#/events/${eventId}`);
      await logIn(page, 'prefete');
      await messages.locator(`li[data-status="draft"] button`).first().click();
      await preview.getByRole('button', { name: 'Approuver' }).click();
      await preview.getByRole('heading', { name: /— Approuvé$/ }).waitFor();
      await page.evaluate(() => ((globalThis as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true));
      page.once('dialog', (d) => void d.accept());
      await preview.getByRole('button', { name: 'Envoyer à tous les canaux' }).click();
      await preview.getByRole('heading', { name: /— Envoyé$/ }).waitFor();

      const seen = new Set<string>();
      await waitFor(
        'every delivery to be accepted',
        async () => {
          const sent = await cell(page, 'elected|email', 'sent')
            .textContent({ timeout: 1000 })
            .catch(() => null);
          if (sent !== null) seen.add(sent);
          return sent === '3' && (await cell(page, 'elected|sms', 'sent').textContent()) === '2' && (await cell(page, 'public|public_page', 'sent').textContent()) === '1';
        },
        60_000,
      );
      await page.locator('section[data-panel="deliveries"] tr[data-key="public|x"] td[data-status="sent"]', { hasText: '1' }).waitFor();
      await page.locator('section[data-panel="deliveries"] tr[data-key="public|facebook"] td[data-status="sent"]', { hasText: '1' }).waitFor();
      // Not configured in this test: sandboxed, shown under their catalogue name.
      await page.locator('section[data-panel="deliveries"] tr[data-key="public|mastodon"] td[data-status="sandboxed"]', { hasText: '1' }).waitFor();
      expect(await page.locator('section[data-panel="deliveries"] tr[data-key="public|bluesky"] td').first().textContent()).toBe('Bluesky');
      // The emails went out one a second: the panel showed them rising, not only the end.
      expect([...seen].map(Number).some((n) => n < 3)).toBe(true);
      for (const key of ['elected|email', 'elected|sms', 'public|x', 'public|facebook', 'public|public_page']) {
        expect(await cell(page, key, 'failed').textContent()).toBe('0');
        expect(await cell(page, key, 'queued').textContent()).toBe('0');
      }
      expect(await page.evaluate(() => (globalThis as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
      await page.locator('li.clock[data-key="C2-elected"][data-phase="met"]').waitFor();
      await page.locator('li.clock[data-key="C2-public"][data-phase="met"]').waitFor();
      expect(peers.smtp.received.filter((m) => m.text?.includes(marker))).toHaveLength(3);

      const shot = artifactPath('console-deliveries.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
      expect(pageErrors).toEqual([]);
      expect(foreign).toEqual([]);

      // The public, without logging in.
      const visitor = await browser.context.newPage();
      await visitor.goto(`${url}/public/events/${eventId}`);
      await visitor.getByRole('heading', { level: 1, name: 'Feu de forêt — massif de la Vologne' }).waitFor();
      const latest = visitor.locator('article.latest');
      expect(await latest.getAttribute('data-marker')).toBe(marker);
      expect(await latest.textContent()).toContain(FACTS);
      expect(await latest.textContent()).toContain(INSTRUCTIONS);
      expect(await latest.locator('.next').textContent()).toMatch(/^Prochain point de situation : /);
      await visitor.screenshot({ path: artifactPath('public-page.png'), fullPage: true });

      const xmlPage = await browser.context.newPage();
      const atom = await parseXml(xmlPage, await (await visitor.request.get(`${url}/public/events/${eventId}/feed.atom`)).text(), ATOM_NAMESPACE);
      expect(atom.error).toBeNull();
      expect(atom.texts('summary')).toEqual([FACTS]);
      const capRes = await visitor.request.get(`${url}/public/events/${eventId}/cap.xml`);
      expect(capRes.headers()['content-type']).toMatch(/^application\/cap\+xml/);
      const cap = await parseXml(xmlPage, await capRes.text(), CAP_NAMESPACE);
      expect(cap.error).toBeNull();
      expect(cap.texts('identifier')).toEqual([marker.slice(1, -1)]);
      expect(cap.texts('msgType')).toEqual(['Alert']);
      expect(cap.texts('category')).toEqual(['Fire']);
      expect(cap.texts('description')).toEqual([FACTS]);
      const all = await parseXml(xmlPage, await (await visitor.request.get(`${url}/public/feed.atom`)).text(), ATOM_NAMESPACE);
      expect(all.texts('summary')).toContain(FACTS);
    } finally {
      await browser.close();
    }
  });
});
