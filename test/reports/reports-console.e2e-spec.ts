import { existsSync, readFileSync, statSync } from 'node:fs';
import { artifactPath, CHROMIUM, launchBrowser, watchPage } from '../console/browser';
import { listen } from '../console/live-support';
import { createEvent } from '../events/support';
import { startTestApp, TestApp } from '../support/test-app';
import { pdfText } from './pdf-text';

describe('console: the "Rapports et preuves" block of the event page, in a real Chromium', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    t = await startTestApp();
    url = await listen(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('offers the report, the timeline and the proof; clicking the PDF link downloads a PDF with the session cookie alone', async () => {
    const reviewer = await t.userWithRole('reviewer', 'relectrice');
    const duty = await t.userWithRole('duty_officer', 'astreinte');
    const event = await createEvent(t, duty.token, { title: 'Crue de la Moselle à Épinal' });
    await t.http().post(`/api/events/${event.id}/cod-activation`).set('Authorization', `Bearer ${duty.token}`).send({ decidedBy: 'M. le Préfet' }).expect(200);

    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    const { pageErrors, foreign } = watchPage(page, url);
    try {
      await page.goto(`${url}/`);
      await page.getByLabel('Identifiant').fill('relectrice');
      await page.getByLabel('Mot de passe').fill('relectrice-password-123');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('heading', { name: 'Événements majeurs' }).waitFor();
      await page.goto(`${url}/#/events/${event.id}`);
      await page.getByRole('heading', { name: 'Rapports et preuves' }).waitFor();

      const links = page.locator('#panel-reports a');
      expect(await links.allTextContents()).toEqual(['Rapport (PDF)', 'Rapport (Markdown)', 'Chronologie (CSV)', 'Preuve (JSON)']);
      const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(hrefs).toEqual([`/api/events/${event.id}/report.pdf`, `/api/events/${event.id}/report.md`, `/api/events/${event.id}/timeline.csv`, `/api/events/${event.id}/proof`]);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Rapport (PDF)' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^rapport-crue-de-la-moselle-a-epinal-\d{4}-\d{2}-\d{2}\.pdf$/);
      const pdf = readFileSync((await download.path())!);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdfText(pdf)).toContain('Rapport après action — Crue de la Moselle à Épinal');

      // The same links answer in the page with nothing but the cookie.
      const fetched = await page.evaluate(
        async (paths: (string | null)[]) =>
          Promise.all(
            paths.map(async (p) => {
              const r = await fetch(p!);
              return `${r.status} ${r.headers.get('content-type')}`;
            }),
          ),
        hrefs.slice(1, 3),
      );
      expect(fetched).toEqual(['200 text/markdown; charset=utf-8', '200 text/csv; charset=utf-8']);

      const shot = artifactPath('console-reports-block.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
      expect(pageErrors).toEqual([]);
      expect(foreign).toEqual([]);
    } finally {
      await browser.close();
    }
  });
  it('does not offer the proof to communication staff, whom the server refuses it', async () => {
    const comm = await t.userWithRole('communication', 'redacteur');
    const duty = await t.userWithRole('duty_officer', 'astreinte2');
    const event = await createEvent(t, duty.token, { title: 'Tempête sur les Vosges' });
    await t.http().get(`/api/events/${event.id}/proof`).set('Authorization', `Bearer ${comm.token}`).expect(403);

    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    try {
      await page.goto(`${url}/`);
      await page.getByLabel('Identifiant').fill('redacteur');
      await page.getByLabel('Mot de passe').fill('redacteur-password-123');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('heading', { name: 'Événements majeurs' }).waitFor();
      await page.goto(`${url}/#/events/${event.id}`);
      await page.getByRole('heading', { name: 'Rapports et preuves' }).waitFor();
      expect(await page.locator('#panel-reports a').allTextContents()).toEqual(['Rapport (PDF)', 'Rapport (Markdown)', 'Chronologie (CSV)']);
    } finally {
      await browser.close();
    }
  });
});
