import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { ROLES } from '../../src/access/role';
import { AUDIT_ACTIONS } from '../../src/domain/audit/audit-actions';
import { CHANNELS, DELIVERY_AUDIENCES, DELIVERY_STATUSES } from '../../src/domain/channels/channel-catalogue';
import { ACTION_STATUSES } from '../../src/domain/debriefs/debrief.policy';
import { COMMITMENT_KEYS } from '../../src/domain/events/commitment-clocks';
import { EVENT_KINDS } from '../../src/domain/events/event-kind';
import { EVENT_STATUSES } from '../../src/domain/events/event-status.policy';
import { EXERCISE_STATUSES } from '../../src/domain/exercises/programme.policy';
import { startTestApp, TestApp } from '../support/test-app';
import { CHROMIUM, launchBrowser, watchPage } from './browser';
import { crisisScenario, CrisisScenario, logIn } from './crisis-scenario';
import { listen } from './live-support';

// Codes that are also the French word or the brand a person reads: "Grand public", "SMS", "X", "Facebook", "Webhook".
const SAME_IN_FRENCH = new Set(['public', 'x', 'sms', 'facebook', 'webhook', 'communication']);
const RAW_STATUS_WORDS = [
  'pending',
  'met',
  'missed',
  'not_started',
  'warning',
  'urgent',
  'draft',
  'approved',
  'dispatched',
  'sent',
  'failed',
  'queued',
  'sending',
  'unknown',
  'sandboxed',
  'open',
  'closed',
  'system',
];
const CODES = [
  ...new Set<string>([
    ...CHANNELS,
    ...DELIVERY_AUDIENCES,
    ...DELIVERY_STATUSES,
    ...EVENT_STATUSES,
    ...EVENT_KINDS,
    ...ROLES,
    ...EXERCISE_STATUSES,
    ...ACTION_STATUSES,
    ...AUDIT_ACTIONS,
    ...COMMITMENT_KEYS.filter((k) => k.includes('-')),
    ...RAW_STATUS_WORDS,
  ]),
].filter((c) => !SAME_IN_FRENCH.has(c));

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const CODE_PATTERN = new RegExp(`(?<![\\p{L}\\d_.@/-])(${CODES.map(escape).join('|')})(?![\\p{L}\\d_@-])`, 'gu');
const SNAKE_CASE = /(?<![\p{L}\d@./-])[a-z]+_[a-z\d_]+(?![\p{L}\d@-])/gu;

/** The English codes in a page's visible text (`innerText`: nothing hidden, nothing in a closed disclosure), each with the words around it. */
async function englishCodes(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return [
    ...new Set([...text.matchAll(CODE_PATTERN), ...text.matchAll(SNAKE_CASE)].map((m) => `${m[0]} « ${text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 20).replace(/\s+/g, ' ')} »`)),
  ];
}

describe('no English code in the words the console, the wall and the public page show', () => {
  jest.setTimeout(240_000);
  let t: TestApp;
  let url: string;
  let s: CrisisScenario;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
    t = await startTestApp();
    url = await listen(t);
    s = await crisisScenario(t);
    // The chief acknowledges; the public page's acceptance records the C2 fact for the public.
    await t.http().post(`/api/events/${s.eventId}/cell/pages/${s.chiefPageId}/ack`).set('Authorization', `Bearer ${s.tokens.duty}`).expect(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds the codes it looks for when they are shown (the check itself can fail)', () => {
    const sample = 'Information parvenue (elected, email) · Résultats de diffusion : 66 sent · message.dispatched · cod_active';
    expect([...sample.matchAll(CODE_PATTERN)].map((m) => m[0])).toEqual(['elected', 'email', 'sent', 'message.dispatched', 'cod_active']);
    expect([...'rien ici : Grand public, SMS, X, Facebook, maire.epinal@vosges.example.org'.matchAll(CODE_PATTERN)]).toEqual([]);
  });

  it('shows French only on the login form, the events, an event in the middle of a crisis, the exercises, the wall and the public pages', async () => {
    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    const { pageErrors } = watchPage(page, url);
    const found: Record<string, string[]> = {};
    const check = async (screen: string) => {
      found[screen] = await englishCodes(page);
    };
    try {
      await page.goto(`${url}/console/#/login`);
      await page.getByRole('heading', { name: 'Connexion' }).waitFor();
      await check('connexion');

      await logIn(page, url, 'astreinte');
      await page.locator('main table tbody tr').first().waitFor();
      await check('événements');

      await page.goto(`${url}/console/#/events/${s.eventId}`);
      await page.locator('ol.timeline li[data-action="cell.acknowledged"]').waitFor();
      await page.locator('ol.timeline li[data-action="delivery.results"]').first().waitFor();
      await page.locator('section[data-panel="deliveries"] tr[data-key]').first().waitFor();
      await page.locator('section[data-panel="cell"] table.cell-table').waitFor();
      await check('événement');

      await page.goto(`${url}/console/#/exercises`);
      await page.getByRole('heading', { name: 'Exercices', exact: true }).waitFor();
      await page.getByRole('heading', { name: 'Exercices de l’année' }).waitFor();
      await check('exercices');

      await page.goto(`${url}/console/events/${s.eventId}/mur`);
      await page.locator('#wall-live[data-state="connected"]').waitFor();
      await page.locator('.wall-bulletin-meta').waitFor();
      await page.locator('#wall-deliveries li').first().waitFor();
      await check('mur');

      await page.goto(`${url}/public/events`);
      await check('page publique : événements');
      await page.goto(`${url}/public/events/${s.eventId}`);
      await page.locator('article.latest').waitFor();
      await check('page publique : événement');

      expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
      expect(Object.keys(found)).toHaveLength(7);
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
