import { existsSync } from 'node:fs';
import { createEvent } from '../events/support';
import { draftApproveDispatch, inHours } from '../messages/support';
import { ChannelPeers, startChannelPeers } from '../peers/channel-peers';
import { startTestApp, TestApp } from '../support/test-app';
import { artifactPath, CHROMIUM, launchBrowser, watchPage } from './browser';
import { listen } from './live-support';

/** X answers 429 with a reset a minute away: the crisis room reads on the event page why the post waits, and until when. */
describe('a post held back by the network, explained in the console', () => {
  jest.setTimeout(180_000);
  let peers: ChannelPeers;
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
    peers = await startChannelPeers();
    t = await startTestApp({ ...peers.env, DELIVERY_POLL_MS: '100', DELIVERY_RATE_LIMITS: 'x=20,facebook=20' });
    url = await listen(t);
  });
  afterAll(async () => {
    await t?.close();
    await peers?.stop();
  });

  it('shows the X post waiting, the provider’s answer and the time of the next attempt', async () => {
    const writer = await t.userWithRole('communication', 'redaction');
    const prefect = (await t.userWithRole('prefect', 'prefete')).token;
    const event = await createEvent(t, prefect, { title: 'Tempête sur la Vôge', kind: 'storm' });
    peers.x.rateLimitNext(Math.ceil(Date.now() / 1000) + 90);
    await draftApproveDispatch(t, writer.token, prefect, event.id, {
      audiences: ['public'],
      channels: { public: ['x', 'facebook'] },
      facts: 'Rafales à 120 km/h cette nuit.',
      instructions: 'Restez chez vous.',
      nextUpdateAt: inHours(2),
    });
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      const { pageErrors } = watchPage(page, url);
      await page.goto(`${url}/console/#/events/${event.id}`);
      await page.getByLabel('Identifiant').fill(writer.username);
      await page.getByLabel('Mot de passe').fill(`${writer.username}-password-123`);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      const waiting = page.locator('ul.waiting-posts li');
      await waiting.first().waitFor({ timeout: 60_000 });
      const text = await waiting.first().innerText();
      expect(text).toContain('X en attente');
      expect(text).toMatch(/rate limit|429/i);
      expect(text).toMatch(/nouvel essai le \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
      await page.locator('[data-channel="facebook"][data-done="true"]').first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: artifactPath('console-post-waiting.png'), fullPage: true });
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
