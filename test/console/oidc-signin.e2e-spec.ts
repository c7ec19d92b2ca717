import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { freePort } from '../support/processes';
import { ADMIN_PASSWORD, startTestApp, TestApp } from '../support/test-app';
import { OidcPeer, startOidcPeer } from '../peers/oidc-peer';
import { artifactPath, CHROMIUM, launchBrowser, watchPage } from './browser';

const CLIENT_ID = 'console-crise-vosges';
const CLIENT_SECRET = 'test-client-secret-that-must-never-leak';

const ACCOUNTS = {
  // New to the console: the provider's groups give the role.
  'marie.dupont@vosges.gouv.fr': {
    email: 'marie.dupont@vosges.gouv.fr',
    email_verified: true,
    given_name: 'Marie',
    usual_name: 'Dupont',
    groups: ['sidpc', 'cod-communication'],
    siret: '17880001700016',
  },
  // Created by the admin as a prefect: no group, the admin's role holds.
  'jean.martin@vosges.gouv.fr': { email: 'jean.martin@vosges.gouv.fr', given_name: 'Jean', usual_name: 'Martin', groups: [] },
  // Known to the provider, unknown here and matching no rule.
  'paul.bernard@meuse.gouv.fr': { email: 'paul.bernard@meuse.gouv.fr', given_name: 'Paul', usual_name: 'Bernard', groups: ['ddt'] },
};

describe('sign-in through the identity federation (OpenID Connect) against a real provider, in Chromium', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let idp: OidcPeer;
  let url: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
    const [appPort, idpPort, controlPort] = [await freePort(), await freePort(), await freePort()];
    url = `http://127.0.0.1:${appPort}`;
    idp = await startOidcPeer({
      port: idpPort,
      controlPort,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: `${url}/api/auth/oidc/callback`,
      postLogoutRedirectUri: `${url}/console/`,
      accounts: ACCOUNTS,
    });
    t = await startTestApp({
      PUBLIC_BASE_URL: url,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_SCOPES: 'openid email profile groups siret',
      OIDC_ROLE_RULES: 'groups=cod-prefet:prefect;groups=cod-communication:communication;siret=17880001700024:duty_officer',
      LOCAL_LOGIN: 'admin',
    });
    await t.app.listen(appPort, '127.0.0.1');
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  /** From the console's button through the provider's login page; stops where the provider sends the browser back. */
  async function throughProvider(page: Page, login: string): Promise<void> {
    await page.goto(`${url}/`);
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    await page.getByRole('link', { name: 'Se connecter avec ProConnect' }).click();
    await page.waitForURL((u) => u.href.startsWith(idp.issuer));
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password: the test provider accepts it');
    await page.getByRole('button', { name: 'Sign-in' }).click();
  }

  /**
   * Signs in up to the provider's redirect, which is held back (Chromium's own
   * interception: Playwright's route does not see redirects): the callback URL
   * and the pending sign-in cookie the browser would have sent with it.
   */
  async function heldCallback(login: string): Promise<{ callback: string; cookie: string }> {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      const cdp = await browser.context.newCDPSession(page);
      let callback: string | undefined;
      cdp.on('Fetch.requestPaused', (e: { requestId: string; request: { url: string } }) => {
        callback = e.request.url;
        void cdp.send('Fetch.failRequest', { requestId: e.requestId, errorReason: 'Aborted' });
      });
      await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*/api/auth/oidc/callback*', requestStage: 'Request' }] });
      await throughProvider(page, login);
      for (let i = 0; !callback && i < 100; i++) await new Promise((r) => setTimeout(r, 100));
      if (!callback) throw new Error('the provider never sent the browser back');
      const pending = (await browser.context.cookies(callback)).find((c) => c.name === 'crisis_oidc');
      if (!pending) throw new Error('no pending sign-in cookie in the browser');
      return { callback, cookie: `crisis_oidc=${pending.value}` };
    } finally {
      await browser.close();
    }
  }

  const sql = (text: string): Promise<any[]> => t.app.get(DataSource).query(text);
  const callbackWith = (href: string, cookie: string) => fetch(href, { headers: { cookie }, redirect: 'manual' });

  it('a new user configured for the provider signs in, lands on the console with the mapped role, and logs out at the provider too', async () => {
    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    const { pageErrors } = watchPage(page, url);
    try {
      await throughProvider(page, 'marie.dupont@vosges.gouv.fr');
      await page.waitForURL(`${url}/console/#/events`);
      await page.getByRole('heading', { name: 'Événements' }).waitFor();
      await page.locator('#who').filter({ hasText: 'Marie Dupont — Communication' }).waitFor();
      await page.screenshot({ path: artifactPath('oidc-signed-in.png'), fullPage: true });

      const me = await page.evaluate(() => fetch('/api/auth/me').then((r) => r.json()));
      expect(me).toMatchObject({ username: 'marie.dupont@vosges.gouv.fr', displayName: 'Marie Dupont', role: 'communication' });

      const audit = await sql(`SELECT action, actor, payload FROM audit_log WHERE actor IN ('marie.dupont@vosges.gouv.fr', 'oidc') ORDER BY seq`);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['user.created', 'auth.login']);
      expect(audit[0].payload).toMatchObject({ username: 'marie.dupont@vosges.gouv.fr', role: 'communication', via: 'oidc' });
      expect(audit[1].payload).toMatchObject({ method: 'oidc', issuer: idp.issuer });

      // Logout ends the session here and sends the browser to the provider, which sends it back.
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await page.waitForURL((u) => u.href.startsWith(`${idp.issuer}/session/end`));
      await page.getByRole('button', { name: 'Yes, sign me out' }).click();
      await page.waitForURL(`${url}/console/#/login`);
      await page.getByRole('heading', { name: 'Connexion' }).waitFor();
      expect(await page.evaluate(() => fetch('/api/auth/me').then((r) => r.status))).toBe(401);
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("a user the admin created with the person's email keeps the admin's role; someone matching no rule is refused with a readable message", async () => {
    const admin = await t.adminToken();
    const created = await t
      .http()
      .post('/api/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: 'Jean.Martin@vosges.gouv.fr', displayName: 'Jean Martin (préfet)', role: 'prefect', password: 'a-long-password-for-jean' });
    expect(created.status).toBe(201);

    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    try {
      await throughProvider(page, 'jean.martin@vosges.gouv.fr');
      await page.locator('#who').filter({ hasText: 'Jean Martin (préfet) — Préfet / cabinet' }).waitFor();

      await page.context().clearCookies();
      await throughProvider(page, 'paul.bernard@meuse.gouv.fr');
      await page.getByRole('heading', { name: 'Connexion' }).waitFor();
      await page.getByRole('alert').filter({ hasText: 'Votre compte n’a pas accès à cette console' }).waitFor();
      expect(new URL(page.url()).search).toBe('');
    } finally {
      await browser.close();
    }
    const [{ n }] = await sql(`SELECT count(*)::int AS n FROM users WHERE username = 'paul.bernard@meuse.gouv.fr'`);
    expect(n).toBe(0);
    const [refusal] = await sql(`SELECT payload FROM audit_log WHERE action = 'auth.login_failed' AND payload->>'reason' = 'not_authorized'`);
    expect(refusal.payload).toMatchObject({ method: 'oidc', detail: 'paul.bernard@meuse.gouv.fr' });
  });

  it('refuses a tampered state, a tampered or missing pending sign-in, and a replayed code', async () => {
    const { callback, cookie } = await heldCallback('marie.dupont@vosges.gouv.fr');
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
    let res = await callbackWith(tampered.href, cookie);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/console/?signin_error=state_mismatch#/login');
    expect(res.headers.get('set-cookie')).not.toContain('crisis_session=');

    res = await callbackWith(callback, '');
    expect(res.headers.get('location')).toBe('/console/?signin_error=no_pending_signin#/login');
    res = await callbackWith(
      callback,
      cookie.replace(/crisis_oidc=([^;.]+)\.([^;]+)/, (_m, body: string, mac: string) => `crisis_oidc=${body}.${mac.slice(0, -2)}AA`),
    );
    expect(res.headers.get('location')).toBe('/console/?signin_error=no_pending_signin#/login');

    // The genuine answer signs in...
    res = await callbackWith(callback, cookie);
    expect(res.headers.get('location')).toBe('/console/#/events');
    const session = /crisis_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    expect(session).toBeTruthy();
    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${session}`);
    expect(me.body).toMatchObject({ username: 'marie.dupont@vosges.gouv.fr', role: 'communication' });

    // ...once: the same code again (even with the pending cookie an attacker would have copied) is refused by the provider.
    res = await callbackWith(callback, cookie);
    expect(res.headers.get('location')).toBe('/console/?signin_error=token_rejected#/login');
    expect(res.headers.get('set-cookie')).not.toContain('crisis_session=');
  });

  it('refuses an ID token that has expired', async () => {
    const { callback, cookie } = await heldCallback('marie.dupont@vosges.gouv.fr');
    // The provider's clock two hours behind: the ID token it issues now expired an hour ago.
    await idp.setClockOffset(-2 * 3600_000);
    try {
      const res = await callbackWith(callback, cookie);
      expect(res.headers.get('location')).toBe('/console/?signin_error=token_rejected#/login');
      expect(res.headers.get('set-cookie')).not.toContain('crisis_session=');
    } finally {
      await idp.setClockOffset(0);
    }
    const [failure] = await sql(`SELECT payload FROM audit_log WHERE action = 'auth.login_failed' AND payload->>'detail' LIKE '%"exp" (expiration time)%' ORDER BY seq DESC LIMIT 1`);
    expect(failure.payload).toMatchObject({ method: 'oidc', reason: 'token_rejected' });
  });

  it('keeps passwords for the break-glass admin only, and never writes the client secret or an ID token to the logs or the audit', async () => {
    const admin = await t.http().post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD });
    expect(admin.status).toBe(200);
    const created = await t
      .http()
      .post('/api/users')
      .set('Authorization', `Bearer ${admin.body.token}`)
      .send({ username: 'astreinte', displayName: 'Astreinte', role: 'duty_officer', password: 'a-long-password-for-duty' });
    expect(created.status).toBe(201);
    const refused = await t.http().post('/api/auth/login').send({ username: 'astreinte', password: 'a-long-password-for-duty' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'local_login_disabled', message: expect.stringContaining('sign in with ProConnect') });
    // A user made at a federated sign-in has no password at all.
    const federated = await t.http().post('/api/auth/login').send({ username: 'marie.dupont@vosges.gouv.fr', password: '!federated' });
    expect(federated.status).toBe(401);

    const providers = await t.http().get('/api/auth/providers');
    expect(providers.body).toEqual({ localLogin: 'admin', oidc: { label: 'ProConnect', startUrl: '/api/auth/oidc/start' } });

    const [{ tokens }] = await sql(`SELECT count(*)::int AS tokens FROM sessions WHERE method = 'oidc' AND id_token LIKE 'ey%'`);
    expect(tokens).toBeGreaterThan(0);
    const audit = JSON.stringify(await sql('SELECT payload FROM audit_log'));
    const logs = t.logs.join('\n');
    for (const text of [audit, logs, JSON.stringify(providers.body)]) {
      expect(text).not.toContain(CLIENT_SECRET);
      expect(text).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\./);
    }
  });
});
