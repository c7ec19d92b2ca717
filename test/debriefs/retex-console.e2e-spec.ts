import { existsSync, statSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { parisDay } from '../../src/domain/time/paris-time';
import { artifactPath, CHROMIUM, launchBrowser, watchPage } from '../console/browser';
import { listen } from '../console/live-support';
import { createEvent } from '../events/support';
import { startTestApp, TestApp } from '../support/test-app';

async function logIn(page: Page, username: string) {
  await page.getByLabel('Identifiant').fill(username);
  await page.getByLabel('Mot de passe').fill(`${username}-password-123`);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

describe('the RETEX tab and the overdue actions in a real Chromium', () => {
  jest.setTimeout(240_000);
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
    t = await startTestApp();
    url = await listen(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a reviewer writes the hot debrief with a finding linked to the timeline and an action plan; communication staff read it without any form', async () => {
    const duty = await t.userWithRole('duty_officer');
    await t.userWithRole('reviewer', 'relecteur');
    await t.userWithRole('communication', 'chargecom');
    const event = await createEvent(t, duty.token, { title: 'Inondation — Moselle à Épinal', kind: 'flood' });
    const auth = { Authorization: `Bearer ${duty.token}` };
    expect((await t.http().post(`/api/events/${event.id}/cod-activation`).set(auth).send({ decidedBy: 'M. le Préfet' })).status).toBe(200);
    const entries = (await t.http().get(`/api/events/${event.id}/timeline`).set(auth)).body.entries as { seq: number; action: string }[];
    const cod = entries.find((e) => e.action === 'event.cod_activated')!.seq;
    const yesterday = parisDay(new Date(Date.now() - 86_400_000));

    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    const { pageErrors, foreign } = watchPage(page, url);
    const retex = page.locator('section[data-panel="retex"]');
    const hot = retex.locator('article[data-phase="hot"]');
    try {
      await page.goto(`${url}/console/#/events/${event.id}`);
      await logIn(page, 'relecteur');
      await page.getByRole('heading', { name: 'Inondation — Moselle à Épinal' }).waitFor();
      await retex.getByText('Événement encore ouvert').waitFor();
      expect(await hot.getAttribute('data-written')).toBe('false');
      await hot.getByText('Pas encore rédigé').waitFor();

      // Write the hot debrief.
      await hot.getByText('Rédiger le RETEX à chaud').click();
      await hot.getByLabel('Participants').fill('Claire Dupont — cheffe de cellule, préfecture des Vosges\nMarc Lefèvre — SIDPC');
      await hot.getByLabel('Ce qui a bien fonctionné').fill('COD activé dans les dix minutes\nCellule joignable de nuit');
      await hot.getByLabel('Ce qui doit progresser').fill('Annuaire des maires incomplet');
      await hot.getByLabel('Constat', { exact: true }).fill('L’activation du COD a suivi de peu l’alerte du SDIS.');
      await hot.getByLabel('Entrées de la chronologie citées').selectOption(String(cod));
      await hot.locator('form[data-action="debrief-hot"]').screenshot({ path: artifactPath('retex-form.png') });
      await hot.getByRole('button', { name: 'Enregistrer le RETEX à chaud' }).click();
      await retex.locator('article[data-phase="hot"][data-written="true"]').waitFor();
      await hot.getByText('avant la clôture de l’événement').waitFor();
      const link = hot.locator(`.retex-links a[data-seq="${cod}"]`);
      expect(await link.textContent()).toMatch(new RegExp(`^n° ${cod} · \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d · Activation du COD décidée$`));
      expect(await hot.locator('.retex-list li').allTextContents()).toEqual([
        'Claire Dupont (cheffe de cellule, préfecture des Vosges)',
        'Marc Lefèvre (SIDPC)',
        'COD activé dans les dix minutes',
        'Cellule joignable de nuit',
        'Annuaire des maires incomplet',
      ]);
      // The timeline beside it shows the entry, live.
      await page.locator('ol.timeline li[data-action="debrief.written"]').getByText('RETEX à chaud rédigé').waitFor();

      // Two actions: one already late, one changed to in progress.
      const addAction = async (title: string, owner: string, due: string) => {
        await hot.getByText('Ajouter une action au plan du RETEX à chaud').click();
        await hot.getByLabel('Action', { exact: true }).fill(title);
        await hot.getByLabel('Pilote').fill(owner);
        await hot.getByLabel('Échéance').fill(due);
        await hot.getByRole('button', { name: 'Ajouter l’action' }).click();
        await hot.locator('tr[data-action-id]', { hasText: title }).waitFor();
      };
      await addAction('Compléter l’annuaire des maires', 'SIDPC — Marc Lefèvre', yesterday);
      await addAction('Exercice d’alerte SMS aux maires', 'Claire Dupont', '2099-06-30');
      const late = hot.locator('tr[data-action-id]', { hasText: 'Compléter l’annuaire des maires' });
      expect(await late.getAttribute('data-overdue')).toBe('true');
      expect(await late.locator('.overdue-flag').textContent()).toBe('⚠ En retard');
      const later = hot.locator('tr[data-action-id]', { hasText: 'Exercice d’alerte SMS aux maires' });
      expect(await later.locator('.overdue-flag').count()).toBe(0);
      await later.getByRole('combobox').selectOption('in_progress');
      await later.getByRole('button', { name: 'Enregistrer' }).click();
      await hot.locator('tr[data-status="in_progress"]', { hasText: 'Exercice d’alerte SMS aux maires' }).getByText('En cours').waitFor();

      await retex.scrollIntoViewIfNeeded();
      const shot = artifactPath('retex-reviewer.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);

      // The events page lists the late action with a link to its event.
      await page.goto(`${url}/console/#/events`);
      const overdue = page.locator('section[data-block="overdue-actions"]');
      await overdue.getByRole('heading', { name: 'Actions en retard' }).waitFor();
      const row = overdue.locator('tr[data-action-id]');
      await row.first().waitFor();
      expect(await row.count()).toBe(1);
      expect(await row.textContent()).toContain('Compléter l’annuaire des maires');
      expect(await row.textContent()).toContain('En retard');
      const overdueShot = artifactPath('retex-overdue-actions.png');
      await page.screenshot({ path: overdueShot, fullPage: true });
      await row.getByRole('link', { name: 'Inondation — Moselle à Épinal' }).click();
      await page.waitForURL(new RegExp(`#/events/${event.id}$`));
      await retex.locator('article[data-phase="hot"][data-written="true"]').waitFor();

      // Communication staff read it all, with no form and no status to change.
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await page.getByRole('heading', { name: 'Connexion' }).waitFor();
      await page.goto(`${url}/console/#/events/${event.id}`);
      await logIn(page, 'chargecom');
      await retex.locator('article[data-phase="hot"][data-written="true"]').waitFor();
      await retex.getByText('Consultation seulement').waitFor();
      expect(await retex.locator('details, form, select, button').count()).toBe(0);
      expect(await hot.locator('.retex-links a').count()).toBe(1);
      expect(await hot.locator('tr[data-overdue="true"] .overdue-flag').textContent()).toBe('⚠ En retard');
      await retex.locator('article[data-phase="cold"]').getByText('Pas encore rédigé').waitFor();
      await retex.scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('retex-read-only.png'), fullPage: true });

      expect(pageErrors).toEqual([]);
      expect(foreign).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
