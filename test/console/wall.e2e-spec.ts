import { existsSync, statSync } from 'node:fs';
import { EventDecisionsService } from '../../src/modules/events/event-decisions.service';
import { waitFor } from '../events/support';
import { BULLETIN, draftApproveDispatch, inHours } from '../messages/support';
import { startTestApp, TestApp } from '../support/test-app';
import { expectAccessible } from './axe';
import { artifactPath, CHROMIUM, launchBrowser, watchPage } from './browser';
import { crisisScenario, CrisisScenario, logIn } from './crisis-scenario';
import { listen, outageSwitch } from './live-support';

describe('the crisis-room wall screen in a real Chromium', () => {
  jest.setTimeout(240_000);
  let t: TestApp;
  let url: string;
  let outage: ReturnType<typeof outageSwitch>;
  let s: CrisisScenario;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
    t = await startTestApp();
    outage = outageSwitch(t);
    url = await listen(t);
    s = await crisisScenario(t);
    await t.userWithRole('reviewer', 'relecteur');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows a reviewer the clocks counting down, the cell, the deliveries and the last bulletin, follows live changes, and says when it is not live', async () => {
    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1920, height: 1080 });
    const { pageErrors, foreign } = watchPage(page, url);
    try {
      await logIn(page, url, 'relecteur');
      await page.goto(`${url}/console/events/${s.eventId}/mur`);
      await page.locator('#wall-title', { hasText: 'Inondation — vallée de la Moselle' }).waitFor();
      await page.locator('#wall-live[data-state="connected"]').waitFor();
      // The clocks are drawn once the event's clocks have been read, which may come after the live channel connects.
      await page.locator('.wall-clock').first().waitFor();
      expect(await page.locator('.wall-clock').count()).toBe(5);
      expect(await page.locator('.wall-clock-name').allTextContents()).toEqual(['C1 · Cellule', 'C2 · Élus', 'C2 · Grand public', 'C2 · Médias', 'C4 · CIP']);

      // The clocks count down by themselves.
      await page.evaluate(() => ((globalThis as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true));
      const elected = page.locator('.wall-clock[data-key="C2-elected"] .wall-clock-value');
      const first = await elected.textContent();
      expect(first).toMatch(/^(60:00|59:[0-5]\d)$/);
      await waitFor('the countdown to move', async () => (await elected.textContent()) !== first, 10_000);
      expect((await elected.textContent())! < first!).toBe(true);

      // The cell: called, the chief and the writer waiting; the deliveries of the public; the bulletin.
      await page.locator('#wall-cell-status', { hasText: /^Appelée à \d\d:\d\d — en attente : / }).waitFor();
      expect(await page.locator('#wall-cell-roles li[data-acknowledged="true"]').count()).toBe(0);
      await page.locator('#wall-deliveries li[data-audience="public"] .wall-audience-count', { hasText: /^\d+ \/ \d+$/ }).waitFor();
      expect(await page.locator('#wall-deliveries li[data-audience="elected"] .wall-audience-count').textContent()).toBe('rien envoyé');
      await page.locator('.wall-bulletin-meta', { hasText: /^N° 1 · envoyé à \d\d:\d\d$/ }).waitFor();
      expect(await page.locator('.wall-bulletin-facts').textContent()).toBe(BULLETIN.facts);

      // Live, without reloading: the chief acknowledges, a second bulletin goes out.
      const ack = await t.http().post(`/api/events/${s.eventId}/cell/pages/${s.chiefPageId}/ack`).set('Authorization', `Bearer ${s.tokens.duty}`);
      expect(ack.status).toBe(200);
      await page.locator('#wall-cell-roles li[data-role="chief"][data-acknowledged="true"]').waitFor();
      expect(await page.locator('#wall-cell-roles li[data-role="chief"] .wall-role-who').textContent()).toMatch(/^Claire Chef · \d\d:\d\d$/);
      await draftApproveDispatch(t, s.tokens.writer, s.tokens.prefect, s.eventId, {
        facts: 'La Moselle atteint 4,20 m à Épinal.',
        instructions: 'Ne traversez pas les zones inondées.',
        nextUpdateAt: inHours(1),
        audiences: ['public'],
      });
      await page.locator('.wall-bulletin-meta', { hasText: /^N° 2 · / }).waitFor();
      expect(await page.evaluate(() => (globalThis as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
      await expect(page.locator('#wall-offline').isHidden()).resolves.toBe(true);

      const shot = artifactPath('wall-1920x1080.png');
      await page.screenshot({ path: shot });
      expect(statSync(shot).size).toBeGreaterThan(20_000);
      // Read from across the room, and by a screen reader too: no serious or critical axe finding, live or offline.
      await expectAccessible(page, 'wall screen');

      // The network drops: the wall says it is not live and since when; the clocks go on counting.
      outage.cut();
      const banner = page.locator('#wall-offline');
      await banner.waitFor({ state: 'visible' });
      expect(await banner.textContent()).toMatch(/^Hors ligne — dernière mise à jour \d\d:\d\d\. Reconnexion automatique en cours…$/);
      expect(await page.locator('#wall-live').getAttribute('data-state')).toBe('disconnected');
      const offlineValue = await elected.textContent();
      await waitFor('the countdown to go on while offline', async () => (await elected.textContent()) !== offlineValue, 10_000);
      await page.screenshot({ path: artifactPath('wall-1920x1080-offline.png') });
      await expectAccessible(page, 'wall screen offline');
      // A fact recorded meanwhile shows once the wall has reconnected by itself.
      await t.app.get(EventDecisionsService).recordManualFact(s.eventId, { audience: 'media', description: 'Communiqué à la presse locale', means: 'téléphone' }, 'redaction');
      outage.restore();
      await banner.waitFor({ state: 'hidden', timeout: 30_000 });
      await page.locator('#wall-live[data-state="connected"]').waitFor();
      await page.locator('.wall-clock[data-key="C2-media"][data-phase="met"]').waitFor({ timeout: 30_000 });
      expect(await page.evaluate(() => (globalThis as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);

      expect(pageErrors).toEqual([]);
      expect(foreign).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('asks a browser without a session to sign in, and answers 404 for an address that names no event', async () => {
    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    try {
      const res = await page.goto(`${url}/console/events/${s.eventId}/mur`);
      expect(res?.status()).toBe(200);
      expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
      await page.getByRole('heading', { name: 'Connexion nécessaire' }).waitFor();
      expect(await page.getByRole('link', { name: 'Se connecter à la console' }).getAttribute('href')).toBe('/console/#/login');
      expect((await page.goto(`${url}/console/events/not-an-event/mur`))?.status()).toBe(404);
    } finally {
      await browser.close();
    }
  });
});
