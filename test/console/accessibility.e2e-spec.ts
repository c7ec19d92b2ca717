import { existsSync, statSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { validateNationalInformationNumber } from '../../src/domain/events/phone-number';
import { addMember, addRotation } from '../cell/support';
import { createEvent, waitFor } from '../events/support';
import { inMinutes, planExercise } from '../exercises/support';
import { startTestApp, TestApp } from '../support/test-app';
import { expectAccessible } from './axe';
import { artifactPath, CHROMIUM, launchBrowser, watchPage } from './browser';
import { listen } from './live-support';

const NNIP = (validateNationalInformationNumber('0 800 130 000') as { display: string }).display;
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Saves the screen as a person sees it, for the closing note: the whole page, and its first screen (…-top.png); a blank page would be far smaller. */
async function shoot(page: Page, name: string) {
  for (const [path, fullPage] of [
    [artifactPath(`${name}.png`), true],
    [artifactPath(`${name}-top.png`), false],
  ] as const) {
    if (!fullPage) await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path, fullPage });
    expect(statSync(path).size).toBeGreaterThan(10_000);
  }
}

/** Presses Tab (nothing else) until `target` has the focus; fails if it is not reachable that way. */
async function tabTo(page: Page, target: Locator, max = 250) {
  await target.waitFor();
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${target.toString()} is not reachable with the Tab key`);
}

async function logInWithKeyboard(page: Page, username: string) {
  await tabTo(page, page.getByLabel('Identifiant'));
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(`${username}-password-123`);
  await page.keyboard.press('Enter');
}

async function logOutWithKeyboard(page: Page) {
  await tabTo(page, page.getByRole('button', { name: 'Se déconnecter' }));
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Connexion' }).waitFor();
}

/**
 * Every page of the console and the public page checked by axe-core in a real
 * Chromium; the crisis room's main path done with the keyboard alone (Tab,
 * Enter, Space, typing): the COD decision, the cell called, a bulletin
 * composed, approved by another person and sent. The screenshots of each main
 * screen are saved under test-artifacts/.
 */
describe('the console and the public page for keyboard and screen-reader users', () => {
  jest.setTimeout(300_000);
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
    // No channel is configured: email, SMS, X and Facebook run in the sandbox; the public page is this app's own.
    t = await startTestApp({ DELIVERY_POLL_MS: '100' });
    url = await listen(t);
    await t.userWithRole('duty_officer', 'astreinte');
    await t.userWithRole('communication', 'redaction');
    await t.userWithRole('prefect', 'prefete');
    const admin = await t.adminToken();
    const chief = await addMember(t, admin, 'Claire Chef', 'chief', 0);
    await addRotation(t, admin, 'chief', [chief.id]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records the COD decision, calls the cell, composes, approves and sends with the keyboard alone; axe finds nothing serious on any page', async () => {
    const prefect = await t.userWithRole('prefect');
    const title = 'Inondation — la Moselle à Épinal';
    const event = await createEvent(t, prefect.token, { title, kind: 'flood', communes: ['88160'] });
    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    await page.setViewportSize(DESKTOP);
    // No colour transitions (console.css and DSFR keep them for those who want motion): axe measures the colours a
    // moment after the theme changes, and must see the final ones.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const { pageErrors, foreign } = watchPage(page, url);
    const cspReports: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspReports.push(m.text());
    });
    try {
      await page.goto(`${url}/console/`);
      await page.getByRole('heading', { name: 'Connexion' }).waitFor();
      expect(await page.locator('header .fr-logo').innerHTML()).toBe('Préfet<br>des Vosges');
      await expectAccessible(page, 'login');
      await shoot(page, 'a11y-login-1440');

      // The duty officer: the COD decision, then the cell.
      await logInWithKeyboard(page, 'astreinte');
      await page.getByRole('heading', { name: 'Événements majeurs' }).waitFor();
      await page.getByRole('link', { name: title }).waitFor();
      await expectAccessible(page, 'events list');
      await shoot(page, 'a11y-events-1440');

      await tabTo(page, page.getByRole('link', { name: title }));
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: title }).waitFor();
      await page.locator('li.clock[data-key="C2-public"][data-phase="not_started"]').waitFor();
      await tabTo(page, page.locator('details[data-action="cod"] > summary'));
      await page.keyboard.press('Enter');
      await tabTo(page, page.locator('form[data-action="cod"]').getByRole('button', { name: 'Enregistrer' }));
      await page.keyboard.press('Enter');
      await page.locator('li.clock[data-key="C2-public"][data-phase="pending"]').waitFor();
      await page.locator('ol.timeline li[data-action="event.cod_activated"]').waitFor();

      // The countdown is read politely, to the minute; the seconds are not in any live region.
      const summary = page.locator('.clocks-summary');
      expect(await summary.getAttribute('aria-live')).toBe('polite');
      expect(await summary.textContent()).toMatch(/C2 · Grand public : en cours, (60|59) minutes restantes/);
      expect(await page.locator('li.clock[data-key="C2-public"] .clock-value').getAttribute('aria-live')).toBe('off');
      expect(await page.locator('[aria-live="polite"] .clock-value, [aria-live="assertive"] .clock-value, [role="status"] .clock-value').count()).toBe(0);
      const spoken = await summary.textContent();
      const shown = await page.locator('li.clock[data-key="C2-public"] .clock-value').textContent();
      await waitFor('the countdown to move', async () => (await page.locator('li.clock[data-key="C2-public"] .clock-value').textContent()) !== shown, 10_000);
      expect(await summary.textContent()).toBe(spoken);
      expect(await page.locator('li.clock[data-key="C2-public"] .clock-phase').getAttribute('class')).toContain('fr-badge--info');

      const cell = page.locator('section[data-panel="cell"]');
      await tabTo(page, cell.getByRole('button', { name: 'Appeler la cellule' }));
      await page.keyboard.press('Space');
      await cell.getByText(/Cellule appelée le \d\d\/\d\d\/\d{4} \d\d:\d\d/).waitFor();
      await cell.locator('tr', { hasText: 'Claire Chef' }).waitFor();
      await logOutWithKeyboard(page);

      // The communication officer composes a bulletin for the general public only.
      await page.goto(`${url}/console/#/events/${event.id}`);
      await logInWithKeyboard(page, 'redaction');
      const messages = page.locator('section[data-panel="messages"]');
      await tabTo(page, messages.locator('details[data-action="compose"] > summary'));
      await page.keyboard.press('Enter');
      for (const audience of ['elected', 'media']) {
        await tabTo(page, messages.locator(`#aud-${audience}`));
        await page.keyboard.press('Space');
        expect(await messages.locator(`#aud-${audience}`).isChecked()).toBe(false);
      }
      await tabTo(page, messages.getByLabel('Situation (faits validés par le COD)'));
      await page.keyboard.type('La Moselle déborde à Épinal : trois rues sont inondées.');
      await tabTo(page, messages.getByLabel('Consignes à la population'));
      await page.keyboard.type('Ne vous engagez pas sur les voies inondées.');
      await expectAccessible(page, 'compose form');
      await shoot(page, 'a11y-compose-1440');
      await tabTo(page, messages.getByRole('button', { name: 'Rédiger et voir l’aperçu' }));
      await page.keyboard.press('Enter');
      const preview = messages.locator('.message-preview');
      await preview.getByRole('heading', { name: /Aperçu du bulletin \[PREF88-B\d+-\d{4}\] — Brouillon/ }).waitFor();
      await expectAccessible(page, 'event page with a draft');
      await logOutWithKeyboard(page);

      // The prefect approves and sends it.
      await page.goto(`${url}/console/#/events/${event.id}`);
      await logInWithKeyboard(page, 'prefete');
      await tabTo(page, messages.locator('li[data-status="draft"] button').first());
      await page.keyboard.press('Enter');
      await tabTo(page, preview.getByRole('button', { name: 'Approuver' }));
      await page.keyboard.press('Enter');
      await preview.getByRole('heading', { name: /— Approuvé$/ }).waitFor();
      page.once('dialog', (d) => void d.accept());
      await tabTo(page, preview.getByRole('button', { name: 'Envoyer à tous les canaux' }));
      await page.keyboard.press('Space');
      await preview.getByRole('heading', { name: /— Envoyé$/ }).waitFor();
      await page.locator('section[data-panel="deliveries"] tr[data-key="public|public_page"] td[data-status="sent"]', { hasText: '1' }).waitFor({ timeout: 60_000 });
      await page.locator('li.clock[data-key="C2-public"][data-phase="met"]').waitFor();
      expect(await page.locator('li.clock[data-key="C2-public"] .clock-phase').getAttribute('class')).toContain('fr-badge--success');
      await expectAccessible(page, 'event page after the dispatch');
      await shoot(page, 'a11y-event-page-1440');

      // Dark mode, as the design system offers it, from the keyboard too.
      await tabTo(page, page.getByRole('button', { name: 'Thème sombre' }));
      await page.keyboard.press('Enter');
      await page.locator('html[data-fr-theme="dark"]').waitFor();
      expect(await page.getByRole('button', { name: 'Thème sombre' }).getAttribute('aria-pressed')).toBe('true');
      await expectAccessible(page, 'event page, dark theme');
      await shoot(page, 'a11y-event-page-dark-1440');
      await page.keyboard.press('Enter');
      await page.locator('html[data-fr-theme="light"]').waitFor();

      // The exercises programme and an exercise's inject board.
      // Two days ahead: in this year's programme, which the page opens on (but at the very end of December).
      const exercise = await planExercise(t, prefect.token, { plannedAt: inMinutes(60 * 24 * 2) });
      await page.goto(`${url}/console/#/exercises`);
      await page.getByRole('heading', { name: 'Exercices', exact: true }).waitFor();
      await page.locator('.gauge-card').waitFor();
      if (new Date(Date.now() + 2 * 86_400_000).getFullYear() === new Date().getFullYear()) await page.locator('tr[data-status="planned"]').first().waitFor();
      await expectAccessible(page, 'exercises');
      await shoot(page, 'a11y-exercises-1440');
      await page.goto(`${url}/console/#/exercises/${exercise.id}`);
      await page.getByRole('heading', { name: /Crue de la Moselle à Épinal/ }).waitFor();
      await expectAccessible(page, 'inject board');
      await shoot(page, 'a11y-inject-board-1440');

      expect(pageErrors).toEqual([]);
      expect(foreign).toEqual([]);
      expect(cspReports).toEqual([]);

      // The public page, on a desktop and on a phone.
      const visitor = await browser.context.newPage();
      const publicWatch = watchPage(visitor, url);
      await visitor.setViewportSize(DESKTOP);
      await visitor.goto(`${url}/public/events/${event.id}`);
      await visitor.getByRole('heading', { level: 1, name: title }).waitFor();
      expect(await visitor.locator('article.latest').textContent()).toContain('trois rues sont inondées');
      await expectAccessible(visitor, 'public page');
      await shoot(visitor, 'a11y-public-page-1440');
      await visitor.setViewportSize(PHONE);
      await expectAccessible(visitor, 'public page on a phone');
      await shoot(visitor, 'a11y-public-page-390');
      await visitor.goto(`${url}/public/events`);
      await visitor.getByRole('link', { name: title }).waitFor();
      await expectAccessible(visitor, 'public list');
      await shoot(visitor, 'a11y-public-list-390');
      await visitor.goto(`${url}/public/events/00000000-0000-4000-8000-000000000000`);
      await visitor.getByRole('heading', { name: 'Événement introuvable' }).waitFor();
      await expectAccessible(visitor, 'public page not found');
      expect(publicWatch.foreign).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('shows the national number on the public page once the CIP is open, as a number a phone can call', async () => {
    const prefect = await t.userWithRole('prefect');
    const event = await createEvent(t, prefect.token, { title: 'Crue de la Vologne à Gérardmer', kind: 'flood', communes: ['88196'] });
    const auth = { Authorization: `Bearer ${prefect.token}` };
    await t.http().post(`/api/events/${event.id}/cip-order`).set(auth).send({ nationalNumber: '0 800 130 000', orderedBy: 'M. le Préfet' }).expect(200);
    await t.http().post(`/api/events/${event.id}/cip-opened`).set(auth).send({}).expect(200);
    const browser = await launchBrowser();
    const visitor = await browser.context.newPage();
    try {
      await visitor.setViewportSize(PHONE);
      await visitor.goto(`${url}/public/events/${event.id}`);
      const nnip = visitor.getByRole('region', { name: /Numéro national d.information du public/ });
      await nnip.waitFor();
      expect(await nnip.getByRole('link', { name: NNIP }).getAttribute('href')).toBe('tel:0800130000');
      await expectAccessible(visitor, 'public page with the national number');
      await shoot(visitor, 'a11y-public-page-nnip-390');
    } finally {
      await browser.close();
    }
  });
});
