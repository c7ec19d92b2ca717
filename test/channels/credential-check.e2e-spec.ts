import { existsSync } from 'node:fs';
import { EmailAdapter } from '../../src/modules/channels/email.adapter';
import { FacebookAdapter } from '../../src/modules/channels/facebook.adapter';
import { SmsAdapter } from '../../src/modules/channels/sms.adapter';
import { XAdapter } from '../../src/modules/channels/x.adapter';
import { artifactPath, CHROMIUM, launchBrowser, watchPage } from '../console/browser';
import { listen } from '../console/live-support';
import { auditOf } from '../exercises/support';
import { waitFor } from '../events/support';
import { freePort } from '../support/processes';
import { startTestApp, TestApp } from '../support/test-app';
import { AllPeers, FB_REAL_PAGE, SECRETS, X_REAL_USER } from './peers-env';

// 0.05 minutes = a check every 3 s, the first one 3 s after boot.
const FAST = { CHANNEL_CHECK_MINUTES: '0.05' };

type Creds = { status: string; reason?: string; checkedAt: string };
type HealthChannel = { channel: string; credentials?: Creds; exerciseCredentials?: Creds };

async function health(t: TestApp) {
  const res = await t.http().get('/api/health');
  expect(res.status).toBe(200);
  const channels = res.body.channels as HealthChannel[];
  const of = (channel: string) => channels.find((c) => c.channel === channel)!;
  return { body: res.body, of };
}

/** Waits until every account listed has been checked twice more than now (each check stamps a later checkedAt). */
async function twoMoreChecks(t: TestApp, accounts: [string, 'credentials' | 'exerciseCredentials'][]) {
  const before = await health(t);
  const stamps = accounts.map(([c, k]) => Date.parse(before.of(c)[k]!.checkedAt));
  for (let round = 0; round < 2; round++) {
    await waitFor(
      'another credential check',
      async () => {
        const h = await health(t);
        return accounts.every(([c, k], i) => Date.parse(h.of(c)[k]!.checkedAt) > stamps[i]);
      },
      30_000,
    );
    const h = await health(t);
    accounts.forEach(([c, k], i) => (stamps[i] = Date.parse(h.of(c)[k]!.checkedAt)));
  }
}

/** Nothing was ever sent or posted: the peers' own logs. */
function nothingPosted(peers: AllPeers) {
  expect(peers.smtp.accepted).toBe(0);
  expect(peers.sms.jobs).toEqual([]);
  expect(peers.sms.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  expect(peers.x.posts).toEqual([]);
  expect(peers.x.requests.map((r) => `${r.method} ${r.path}`).filter((r) => r !== 'GET /2/users/me')).toEqual([]);
  expect(peers.facebook.posts).toEqual([]);
  expect(peers.facebook.requests.filter((r) => r.method !== 'GET' || !r.path.endsWith('?fields=id,name'))).toEqual([]);
  expect(peers.webhook.requests).toEqual([]);
}

describe('the periodic credential check of every live channel', () => {
  jest.setTimeout(240_000);

  it('good credentials: every account ok, nothing sent; a token revoked at X is refused in /api/health within seconds, warned and audited once, and ok again once restored', async () => {
    const peers = await new AllPeers().start();
    const t = await startTestApp({ ...peers.env({ exerciseAccounts: true }), ...FAST });
    try {
      const allOk = await waitFor(
        'every account checked',
        async () => {
          const h = await health(t);
          const creds = [h.of('email').credentials, h.of('sms').credentials, h.of('x').credentials, h.of('x').exerciseCredentials, h.of('facebook').credentials, h.of('facebook').exerciseCredentials];
          return creds.every((c) => c) ? { h, creds } : null;
        },
        30_000,
      );
      expect(allOk.creds.map((c) => c!.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
      expect(allOk.h.body.status).toBe('ok');
      expect(allOk.h.body.warnings).toEqual([]);
      expect(allOk.h.of('webhook').credentials).toBeUndefined();
      expect(allOk.h.of('public_page').credentials).toBeUndefined();
      expect(peers.smtp.authFailures).toEqual([]);
      expect(peers.sms.badSignatures).toEqual([]);

      // X revokes the account's token (someone regenerated it on the developer portal).
      peers.x.revoke('tok-real');
      const refused = await waitFor(
        'the X credential refused',
        async () => {
          const h = await health(t);
          return h.of('x').credentials?.status === 'refused' ? h : null;
        },
        15_000,
      );
      expect(refused.body.status).toBe('ok');
      expect(refused.of('x').credentials!.reason).toMatch(/X refused the credentials .*401/);
      expect(refused.of('x').exerciseCredentials!.status).toBe('ok');
      expect(refused.body.warnings).toEqual([
        { code: 'channel_credentials_refused', channel: 'x', account: 'live', message: 'Le compte X de la préfecture refuse ses identifiants : vérifiez-les avant la prochaine crise.' },
      ]);
      await twoMoreChecks(t, [['x', 'credentials']]);
      const refusals = await auditOf(t, 'channel.credentials_refused');
      expect(refusals).toEqual([expect.objectContaining({ actor: 'system', subjectId: 'x:live', payload: expect.objectContaining({ channel: 'x', account: 'live', status: 'refused' }) })]);
      expect(await auditOf(t, 'channel.credentials_ok')).toEqual([]);

      peers.x.grant('tok-real', X_REAL_USER);
      await waitFor('the X credential accepted again', async () => (await health(t)).of('x').credentials?.status === 'ok', 15_000);
      await twoMoreChecks(t, [['x', 'credentials']]);
      expect((await health(t)).body.warnings).toEqual([]);
      expect(await auditOf(t, 'channel.credentials_ok')).toEqual([expect.objectContaining({ subjectId: 'x:live', payload: expect.objectContaining({ status: 'ok' }) })]);
      expect(await auditOf(t, 'channel.credentials_refused')).toHaveLength(1);

      const warned = t.logs.filter((l) => l.includes('the provider refuses the credential'));
      expect(warned).toHaveLength(1);
      expect(warned[0]).toContain('"level":40');
      nothingPosted(peers);
      const everything = JSON.stringify((await health(t)).body) + t.logs.join('\n') + JSON.stringify(refusals);
      for (const secret of Object.values(SECRETS)) expect(everything).not.toContain(secret);
    } finally {
      await t.close();
      await peers.stop();
    }
  });

  it('a wrong SMTP password, SMS key, X token and Facebook token: each refused in /api/health within seconds (still 200), audited once each, nothing sent; the console shows the banner', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
    const peers = await new AllPeers().start();
    const env = peers.env({ exerciseAccounts: false });
    const t = await startTestApp({
      ...env,
      ...FAST,
      SMTP_URL: `smtp://relay:not-the-password@127.0.0.1:${peers.smtp.port}`,
      SMS_APP_SECRET: 'not-the-sms-secret',
      X_ACCESS_TOKEN: 'tok-stale',
      FACEBOOK_PAGE_TOKEN: 'not-the-page-token',
    });
    try {
      const h = await waitFor(
        'every credential refused',
        async () => {
          const r = await health(t);
          return ['email', 'sms', 'x', 'facebook'].every((c) => r.of(c).credentials?.status === 'refused') ? r : null;
        },
        20_000,
      );
      expect(h.body.status).toBe('ok');
      expect(h.of('email').credentials!.reason).toContain('SMTP authentication refused');
      expect(h.of('sms').credentials!.reason).toContain('SMS gateway refused our credentials');
      expect(h.of('facebook').credentials!.reason).toMatch(/Facebook refused the page token .*code 190/);
      expect(h.body.warnings.map((w: { message: string }) => w.message)).toEqual([
        'Le compte e-mail (SMTP) de la préfecture refuse ses identifiants : vérifiez-les avant la prochaine crise.',
        'Le compte SMS de la préfecture refuse ses identifiants : vérifiez-les avant la prochaine crise.',
        'Le compte X de la préfecture refuse ses identifiants : vérifiez-les avant la prochaine crise.',
        'La page Facebook de la préfecture refuse ses identifiants : vérifiez-les avant la prochaine crise.',
      ]);
      expect(JSON.stringify(h.body)).not.toMatch(/not-the-password|not-the-sms-secret|tok-stale|not-the-page-token/);
      await twoMoreChecks(t, [
        ['email', 'credentials'],
        ['sms', 'credentials'],
        ['x', 'credentials'],
        ['facebook', 'credentials'],
      ]);
      const audited = await auditOf(t, 'channel.credentials_refused');
      expect(audited.map((a) => a.subjectId).sort()).toEqual(['email:live', 'facebook:live', 'sms:live', 'x:live']);
      expect(JSON.stringify(audited)).not.toMatch(/not-the-password|not-the-sms-secret|tok-stale|not-the-page-token/);
      // The providers saw the attempts, and nothing else.
      expect(peers.smtp.authFailures.length).toBeGreaterThan(0);
      expect(peers.sms.badSignatures.length).toBeGreaterThan(0);
      nothingPosted(peers);

      // The console, for any role: a reviewer sees the banner on the events page.
      await t.userWithRole('reviewer', 'relecteur');
      const url = await listen(t);
      const browser = await launchBrowser();
      const page = await browser.context.newPage();
      const { pageErrors, foreign } = watchPage(page, url);
      try {
        await page.goto(`${url}/console/`);
        await page.getByLabel('Identifiant').fill('relecteur');
        await page.getByLabel('Mot de passe').fill('relecteur-password-123');
        await page.getByLabel('Mot de passe').press('Enter');
        await page.getByRole('heading', { name: 'Événements majeurs' }).waitFor();
        const banner = page.getByRole('alert').filter({ hasText: 'Attention : identifiants refusés' });
        await banner.waitFor();
        await expect(banner.textContent()).resolves.toContain('Le compte X de la préfecture refuse ses identifiants : vérifiez-les avant la prochaine crise.');
        expect(await banner.locator('li').count()).toBe(4);
        await page.screenshot({ path: artifactPath('credential-banner.png') });
        expect(pageErrors).toEqual([]);
        expect(foreign).toEqual([]);
      } finally {
        await browser.close();
      }
    } finally {
      await t.close();
      await peers.stop();
    }
  });

  it('a provider that cannot be reached is unreachable, not refused; an unknown account or another page is refused', async () => {
    const closed = await freePort();
    const nowhere = `http://127.0.0.1:${closed}`;
    const xAccount = { baseUrl: nowhere, appKey: 'k', appSecret: 's', accessToken: 't', accessSecret: 'a', userId: '1' };
    const verdicts = await Promise.all([
      new EmailAdapter({ host: '127.0.0.1', port: closed, secure: false, auth: { user: 'relay', pass: 'p' }, from: 'a@example.org', poolConnections: 1 }, 2000).checkCredentials(),
      new SmsAdapter({ baseUrl: nowhere, serviceName: 'sms-1', appKey: 'k', appSecret: 's', consumerKey: 'c', sender: 'PREF88' }, 2000).checkCredentials(),
      new XAdapter(xAccount, 2000).checkCredentials(),
      new FacebookAdapter({ graphUrl: nowhere, pageId: '1', pageToken: 't' }, 2000).checkCredentials(),
    ]);
    expect(verdicts.map((v) => v.status)).toEqual(['unreachable', 'unreachable', 'unreachable', 'unreachable']);

    const peers = await new AllPeers().start();
    try {
      const env = peers.env({ exerciseAccounts: false });
      const sms = { baseUrl: env.SMS_GATEWAY_URL, serviceName: 'sms-unknown-9', appKey: env.SMS_APP_KEY, appSecret: env.SMS_APP_SECRET, consumerKey: env.SMS_CONSUMER_KEY, sender: 'PREF88' };
      await expect(new SmsAdapter(sms, 2000).checkCredentials()).resolves.toEqual({ status: 'refused', reason: expect.stringContaining('check SMS_SERVICE_NAME') });
      // The real token, configured with another account's user id: posts would go to the wrong account.
      const x = { baseUrl: peers.x.url, appKey: 'k', appSecret: 's', accessToken: 'tok-real', accessSecret: 'a', userId: '999' };
      await expect(new XAdapter(x, 2000).checkCredentials()).resolves.toEqual({ status: 'refused', reason: expect.stringContaining('not the configured user id 999') });
      await expect(new FacebookAdapter({ graphUrl: `${peers.facebook.url}/v21.0`, pageId: FB_REAL_PAGE, pageToken: SECRETS.facebookToken }, 2000).checkCredentials()).resolves.toEqual(
        expect.objectContaining({ status: 'ok' }),
      );
      nothingPosted(peers);
    } finally {
      await peers.stop();
    }
  });
});
