import { existsSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { CHROMIUM, launchBrowser } from '../console/browser';
import { listen } from '../console/live-support';
import { startTestApp, TestApp } from '../support/test-app';

/** What a ministry's audit checks first: cookies, headers, CSRF, passwords. */
describe('security of the sessions and the pages', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    // Many refused logins in the enumeration test: the rate limit is tested in test/auth.e2e-spec.ts.
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_USER: '1000', LOGIN_MAX_FAILURES_PER_ADDRESS: '10000' });
    url = (await listen(t)).replace('127.0.0.1', 'localhost');
  });
  afterAll(async () => {
    await t?.close();
  });

  const countEvents = async () => Number((await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM events'))[0].n);

  it('sets the session cookie HttpOnly and SameSite=Strict', async () => {
    await t.userWithRole('duty_officer', 'cookie');
    const res = await t.http().post('/api/auth/login').send({ username: 'cookie', password: 'cookie-password-123' }).expect(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/crisis_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toMatch(/Secure/i); // COOKIE_SECURE is off on plain HTTP; behind HTTPS it is set (README)
  });

  it.each([
    ['the API', '/api/health', /default-src 'none'/],
    ['the console', '/console', /script-src 'self'/],
    ['the public page', '/public/events', /default-src/],
  ])('sends security headers on %s, with a CSP that forbids inline script', async (_name, path, csp) => {
    const res = await t.http().get(path);
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toMatch(csp);
    expect(res.headers['content-security-policy']).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('refuses a write made with the cookie from another site, with the Origin header alone too', async () => {
    await t.userWithRole('duty_officer', 'origine');
    const login = await t.http().post('/api/auth/login').send({ username: 'origine', password: 'origine-password-123' }).expect(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    const body = { title: 'Crue de la Moselle', kind: 'flood', mode: 'real', communes: ['88160'] };
    const before = await countEvents();
    const forged = await t.http().post('/api/events').set('Cookie', cookie).set('Origin', 'https://attacker.example').send(body);
    expect(forged.status).toBe(403);
    expect(forged.body.error).toBe('cross_site_request');
    const sibling = await t.http().post('/api/events').set('Cookie', cookie).set('Sec-Fetch-Site', 'same-site').send(body);
    expect(sibling.status).toBe(403);
    expect(await countEvents()).toBe(before);
    // The console's own request (same origin) and an API client with a bearer token pass.
    const host = new URL(url).host;
    await t.http().post('/api/events').set('Host', host).set('Cookie', cookie).set('Origin', `http://${host}`).send(body).expect(201);
    await t.http().post('/api/events').set('Authorization', `Bearer ${login.body.token}`).set('Origin', 'https://tool.example').send(body).expect(201);
  });

  it('in Chromium: a form on another site posting to the API with the logged-in cookie changes nothing', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
    await t.userWithRole('duty_officer', 'victime');
    const attacker: Server = createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end(`<!doctype html><form id="f" method="POST" action="${url}/api/events" enctype="application/x-www-form-urlencoded">
        <input name="title" value="Événement forgé"><input name="kind" value="flood"><input name="mode" value="real"><input name="communes[]" value="88160">
        </form><script>document.getElementById('f').submit()</script>`);
    });
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
    const attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${url}/console/`);
      await page.getByLabel('Identifiant').fill('victime');
      await page.getByLabel('Mot de passe').fill('victime-password-123');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('heading', { name: /Événements/ }).waitFor();
      const before = await countEvents();
      const answer = page.waitForResponse((r) => r.url() === `${url}/api/events` && r.request().method() === 'POST');
      await page.goto(attackerUrl);
      const res = await answer;
      expect([401, 403]).toContain(res.status());
      expect(await countEvents()).toBe(before);
    } finally {
      await browser.close();
      attacker.close();
    }
  });

  it.each([
    ['too short', 'court', 'password must have at least 12 characters'],
    ['on the list of common passwords', 'qwerty123456', 'list of common passwords'],
    ['one character repeated', 'zzzzzzzzzzzzzzzz', 'repeated'],
  ])('refuses a password that is %s, writing nothing', async (_name, password, message) => {
    const admin = await t.adminToken();
    const before = Number((await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM users'))[0].n);
    const res = await t
      .http()
      .post('/api/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: `faible${password.length}`, displayName: 'Faible', role: 'reviewer', password });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(message);
    expect(Number((await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM users'))[0].n)).toBe(before);
  });

  it('answers an unknown user name and a wrong password alike, in a similar time (no user enumeration)', async () => {
    await t.userWithRole('reviewer', 'existante');
    const attempt = async (username: string) => {
      const started = performance.now();
      const res = await t.http().post('/api/auth/login').send({ username, password: 'not-the-password-1234' });
      return { ms: performance.now() - started, status: res.status, body: res.body };
    };
    const known = await attempt('existante');
    const unknown = await attempt('inconnue');
    expect([unknown.status, unknown.body]).toEqual([known.status, known.body]);
    expect(known.status).toBe(401);
    // Interleaved pairs, medians compared: argon2 runs for an unknown user too (a dummy hash).
    const times: { known: number[]; unknown: number[] } = { known: [], unknown: [] };
    for (let i = 0; i < 9; i++) {
      times.known.push((await attempt('existante')).ms);
      times.unknown.push((await attempt(`inconnue${i}`)).ms);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ratio = median(times.unknown) / median(times.known);
    expect(ratio).toBeGreaterThan(0.4);
    expect(ratio).toBeLessThan(2.5);
  });
});
