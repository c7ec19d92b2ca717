import { existsSync, statSync } from 'node:fs';
import { artifactPath, CHROMIUM, launchBrowser, watchPage } from '../console/browser';
import { listen } from '../console/live-support';
import { startTestApp, TestApp } from '../support/test-app';
import { auditOf } from './support';

/** A datetime-local value in Paris time (the browser runs in Europe/Paris), `days` from now at 09:30. */
function parisLocalInput(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T09:30`;
}

describe('the exercises pages of the console in a real Chromium', () => {
  jest.setTimeout(240_000);
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
    t = await startTestApp({ EXERCISE_SWEEP_SECONDS: '1' });
    url = await listen(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('plans an exercise, starts it, starts its MSEL and sees an inject delivered and answered', async () => {
    await t.userWithRole('prefect', 'directrice');
    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    const { pageErrors, foreign } = watchPage(page, url);
    try {
      await page.goto(`${url}/console/#/exercises`);
      await page.getByLabel('Identifiant').fill('directrice');
      await page.getByLabel('Mot de passe').fill('directrice-password-123');
      await page.getByLabel('Mot de passe').press('Enter');
      await page.getByRole('heading', { name: 'Exercices', exact: true }).waitFor();
      await page.getByRole('navigation').getByRole('link', { name: 'Exercices' }).waitFor();
      const year = new Date(Date.parse(`${parisLocalInput(10)}:00Z`)).getUTCFullYear();
      await page.locator('.gauge-card[data-on-track="false"]').waitFor();
      expect(await page.locator('.gauge-held').textContent()).toBe('0 / 4');
      expect(await page.locator('.gauge-verdict').textContent()).toBe('En retard : 4 exercices manquent au programme pour atteindre l’objectif');

      // Plan one.
      await page.getByText('Programmer un exercice').click();
      await page.getByLabel('Titre').fill('Crue de la Moselle à Épinal');
      await page.getByLabel('Date et heure prévues').fill(parisLocalInput(10));
      await page.getByLabel('Nature de l’événement simulé').selectOption('flood');
      await page.getByLabel('Type d’exercice').selectOption('functional');
      await page.getByLabel('Objectifs (un par ligne)').fill('Alerter les maires en moins d’une heure\nActiver la cellule');
      await page.getByLabel('Nom', { exact: true }).fill('Anne Lefèvre');
      await page.getByLabel('Courriel', { exact: true }).fill('anne.lefevre@vosges.example.org');
      await page.getByLabel(/^Joueurs/).fill('Claire Dupont ; communication ; claire.dupont@vosges.example.org\nLuc Marchal ; cabinet');
      await page.getByRole('button', { name: 'Programmer l’exercice' }).click();
      // In the last days of December the exercise falls in the next year's programme.
      if (year !== new Date().getFullYear()) await page.getByRole('button', { name: 'Année suivante →' }).click();
      const row = page.locator('tr[data-status="planned"]').filter({ hasText: 'Crue de la Moselle à Épinal' });
      await row.waitFor();
      expect(await row.textContent()).toContain('09:30');
      expect(await page.locator('.gauge-verdict').textContent()).toContain('3 exercices manquent');
      const programme = artifactPath('exercises-programme.png');
      await page.screenshot({ path: programme, fullPage: true });
      expect(statSync(programme).size).toBeGreaterThan(10_000);

      // Start it: its event exists, and the board opens.
      await row.getByRole('button', { name: 'Lancer l’exercice' }).click();
      await page.waitForURL(/#\/exercises\/[0-9a-f-]{36}$/);
      const exerciseId = /#\/exercises\/([0-9a-f-]{36})$/.exec(page.url())![1];
      await page.getByRole('heading', { name: /Crue de la Moselle à Épinal/ }).waitFor();
      await page.locator('.msel-state[data-state="not_started"]').waitFor();

      // Two injects, one in a few seconds, one much later.
      await page.getByText('Ajouter un inject').click();
      const addOne = async (offset: string, scenario: string, recipient: string) => {
        await page.getByLabel(/^Décalage/).fill(offset);
        await page.getByLabel('Scénario').fill(scenario);
        await page.getByLabel('Destinataire').fill(recipient);
        await page.getByLabel('Action attendue').fill('Rédiger un communiqué aux maires');
        await page.getByRole('button', { name: 'Ajouter l’inject' }).click();
        await page.locator('tr[data-inject]').filter({ hasText: scenario }).waitFor();
      };
      await addOne('0.1', 'La Moselle déborde à Épinal', 'communication');
      await addOne('45', 'Coupure d’électricité à Golbey', 'Luc Marchal');

      await page.getByRole('button', { name: 'Démarrer le chronogramme' }).click();
      await page.locator('.msel-state[data-state="running"]').waitFor();
      await page.locator('.next-countdown').waitFor();
      expect(await page.locator('.next-countdown').textContent()).toMatch(/^00:0\d$/);
      const delivered = page.locator('tr[data-status="delivered"]').filter({ hasText: 'La Moselle déborde à Épinal' });
      await delivered.waitFor({ timeout: 30_000 });
      expect(await page.locator('.next-countdown').textContent()).toMatch(/^(44|45):\d\d$/);

      // A player's response, then a pause.
      await delivered.getByLabel('Réponse à l’inject 1').fill('Communiqué envoyé aux maires à 10 h 20');
      await delivered.getByRole('button', { name: 'Répondre' }).click();
      await page.locator('tr[data-status="delivered"]').filter({ hasText: 'Communiqué envoyé aux maires à 10 h 20' }).waitFor();
      const board = artifactPath('exercises-inject-board.png');
      await page.screenshot({ path: board, fullPage: true });
      expect(statSync(board).size).toBeGreaterThan(10_000);
      await page.getByRole('button', { name: 'Mettre en pause' }).click();
      await page.locator('.msel-state[data-state="paused"]').waitFor();
      expect(await page.locator('.next-inject').textContent()).toContain('En pause');

      expect((await auditOf(t, 'exercise.inject_delivered')).filter((e) => e.payload.exerciseId === exerciseId)).toHaveLength(1);
      // Back on the programme: one held of four.
      await page.getByRole('link', { name: '← Programme des exercices' }).click();
      if (year !== new Date().getFullYear()) await page.getByRole('button', { name: 'Année suivante →' }).click();
      await page.locator('.gauge-held').filter({ hasText: '1 / 4' }).waitFor();
      await page.locator('tr[data-status="running"]').waitFor();
      const after = artifactPath('exercises-programme-running.png');
      await page.screenshot({ path: after, fullPage: true });
      expect(statSync(after).size).toBeGreaterThan(10_000);
      expect(pageErrors).toEqual([]);
      expect(foreign).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
