import { existsSync, statSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { EventDecisionsService } from '../../src/modules/events/event-decisions.service';
import { waitFor } from '../events/support';
import { startTestApp, TestApp } from '../support/test-app';
import { artifactPath, CHROMIUM, launchBrowser, watchPage } from './browser';
import { listen, outageSwitch } from './live-support';

const clockValue = (page: Page, key: string) => page.locator(`li.clock[data-key="${key}"] .clock-value`);
const clockPhase = (page: Page, key: string) => page.locator(`li.clock[data-key="${key}"]`).getAttribute('data-phase');

describe('the web console in a real Chromium', () => {
  jest.setTimeout(240_000);
  let t: TestApp;
  let url: string;
  let outage: ReturnType<typeof outageSwitch>;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
    t = await startTestApp();
    outage = outageSwitch(t);
    url = await listen(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('logs in, creates an event, records the COD activation, and follows the countdown and the timeline live', async () => {
    const duty = await t.userWithRole('duty_officer', 'astreinte');
    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    const { pageErrors, foreign } = watchPage(page, url);
    try {
      await page.goto(`${url}/`);
      await page.getByRole('heading', { name: 'Connexion' }).waitFor();

      // A wrong password: a readable refusal, still on the login form.
      await page.getByLabel('Identifiant').fill('astreinte');
      await page.getByLabel('Mot de passe').fill('wrong-password');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('alert').filter({ hasText: 'Identifiant ou mot de passe incorrect.' }).waitFor();

      await page.getByLabel('Mot de passe').fill('astreinte-password-123');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('heading', { name: 'Événements majeurs' }).waitFor();
      expect(await page.locator('#who').textContent()).toContain('Cadre d’astreinte');

      // Create an event, keyboard only for the form's controls.
      await page.getByText('Créer un événement').click();
      await page.getByLabel('Titre').fill('Feu de forêt — massif de la Vologne');
      await page.getByLabel('Nature').selectOption('forest_fire');
      await page.getByLabel('Communes touchées').fill('88160, 88196');
      await page.getByLabel('Communes touchées').press('Enter');
      await page.waitForURL(/#\/events\/[0-9a-f-]{36}$/);
      const eventId = /#\/events\/([0-9a-f-]{36})$/.exec(page.url())![1];
      await page.getByRole('heading', { name: 'Feu de forêt — massif de la Vologne' }).waitFor();
      await page.locator('li.clock[data-key="C2-public"][data-phase="not_started"]').waitFor();

      // Record the COD activation (decided now, by the prefect).
      await page.getByText('Enregistrer l’activation du COD').click();
      await page.locator('form[data-action="cod"]').getByRole('button', { name: 'Enregistrer' }).click();
      await page.locator('li.clock[data-key="C2-public"][data-phase="pending"]').waitFor();
      await page.locator('ol.timeline li[data-action="event.cod_activated"]').waitFor();

      // The countdown moves by itself, without reloading the page.
      await page.evaluate(() => ((globalThis as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true));
      const first = await clockValue(page, 'C2-public').textContent();
      expect(first).toMatch(/^(60:00|59:[0-5]\d)$/);
      await waitFor('the countdown to move', async () => (await clockValue(page, 'C2-public').textContent()) !== first, 10_000);
      const later = await clockValue(page, 'C2-public').textContent();
      expect(later).toMatch(/^59:[0-5]\d$/);
      expect(later! < first!).toBe(true);
      expect(await clockValue(page, 'C2-public').getAttribute('aria-label')).toMatch(/^59 minutes et \d+ secondes? restantes$/);

      // Someone else records a fact: the timeline and the clock change live.
      const com = await t.userWithRole('communication', 'com1');
      const fact = await t
        .http()
        .post(`/api/events/${eventId}/facts`)
        .set('Authorization', `Bearer ${com.token}`)
        .send({ audience: 'elected', description: 'Appel aux maires des communes touchées', means: 'téléphone' });
      expect(fact.status).toBe(201);
      await page.locator('ol.timeline li[data-action="event.fact_recorded"]').waitFor();
      await page.locator('li.clock[data-key="C2-elected"][data-phase="met"]').waitFor();
      expect(await clockValue(page, 'C2-elected').textContent()).toMatch(/^Tenu à \d\d:\d\d \(\d+(,\d+)? min\)$/);
      expect(await page.evaluate(() => (globalThis as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);

      // The network drops; a fact recorded meanwhile shows once the console has reconnected and reloaded.
      outage.cut();
      await page.locator('#connection[data-state="disconnected"]').waitFor();
      await t.app.get(EventDecisionsService).recordManualFact(eventId, { audience: 'media', description: 'Communiqué à la presse locale', means: 'courriel' }, 'com1');
      await new Promise((r) => setTimeout(r, 1500));
      expect(await clockPhase(page, 'C2-media')).toBe('pending');
      outage.restore();
      await page.locator('li.clock[data-key="C2-media"][data-phase="met"]').waitFor({ timeout: 30_000 });
      expect(await page.locator('ol.timeline li[data-action="event.fact_recorded"]').count()).toBe(2);
      await page.locator('#connection').waitFor({ state: 'hidden' });

      const shot = artifactPath('console-event-page.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);

      expect(pageErrors).toEqual([]);
      expect(foreign).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('shows a reviewer the event without any action, and sends a logged-out browser back to the login form', async () => {
    const duty = await t.userWithRole('duty_officer');
    const created = await t
      .http()
      .post('/api/events')
      .set('Authorization', `Bearer ${duty.token}`)
      .send({ title: 'Canicule — plaine des Vosges', kind: 'heat_wave', mode: 'exercise', communes: ['88160'] });
    expect(created.status).toBe(201);
    await t.userWithRole('reviewer', 'relecteur');
    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    try {
      await page.goto(`${url}/console/#/events/${created.body.id}`);
      await page.getByLabel('Identifiant').fill('relecteur');
      await page.getByLabel('Mot de passe').fill('relecteur-password-123');
      await page.getByLabel('Mot de passe').press('Enter');
      // Back to the page asked for before logging in.
      await page.getByRole('heading', { name: /Canicule — plaine des Vosges/ }).waitFor();
      await expect(page.locator('h1 .badge.exercise').textContent()).resolves.toBe('Exercice');
      await page.getByText('consultation seulement').waitFor();
      // A reviewer acts on nothing but the RETEX (debriefs are theirs to write).
      expect(await page.locator('section:not([data-panel="retex"]) details.action').count()).toBe(0);
      await page.locator('section[data-panel="retex"] details.action').first().waitFor();
      for (const panel of ['cell', 'messages', 'deliveries']) expect(await page.locator(`section[data-panel="${panel}"]`).count()).toBe(1);

      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await page.getByRole('heading', { name: 'Connexion' }).waitFor();
      expect((await page.request.get(`${url}/api/auth/me`)).status()).toBe(401);
    } finally {
      await browser.close();
    }
  });

  it('tells a person locked out by failed logins, in French, how long to wait', async () => {
    const user = await t.userWithRole('communication', 'redaction');
    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    try {
      await page.goto(`${url}/`);
      await page.getByLabel('Identifiant').fill(user.username);
      // Five failures: the default limit per account (LOGIN_MAX_FAILURES_PER_USER).
      for (let i = 0; i < 5; i++) {
        await page.getByLabel('Mot de passe').fill(`wrong-password-${i}`);
        await page.getByRole('button', { name: 'Se connecter' }).click();
        await page.getByRole('alert').filter({ hasText: 'Identifiant ou mot de passe incorrect.' }).waitFor();
      }
      await page.getByLabel('Mot de passe').fill('redaction-password-123');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      const alert = page.getByRole('alert').filter({ hasText: /^Trop d’échecs de connexion pour ce compte : réessayez dans \d+ minutes?, ou demandez à un administrateur\.$/ });
      await alert.waitFor();
      await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    } finally {
      await browser.close();
    }
  });
});
