import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { PUBLIC_ROUTE, ROUTE_ROLES } from '../src/access';
import { ADMIN_PASSWORD, startTestApp, TestApp } from './support/test-app';

describe('authentication, sessions and roles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_USER: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '8' });
  });
  afterAll(() => t.close());

  const auditActions = async (action: string) => {
    const res = await t
      .http()
      .get(`/api/audit?action=${action}&pageSize=1000`)
      .set('Authorization', `Bearer ${await t.adminToken()}`);
    expect(res.status).toBe(200);
    return res.body.items as { actor: string; payload: Record<string, unknown>; subjectId: string }[];
  };

  it('logs in with the right password: a bearer token and an HTTP-only session cookie, both usable', async () => {
    const res = await t.http().post('/api/auth/login').send({ username: 'ADMIN', password: ADMIN_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(res.body.user).toEqual(expect.objectContaining({ username: 'admin', role: 'admin' }));
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/crisis_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${res.body.token}`)).body.username).toBe('admin');
    const viaCookie = await t.http().get('/api/auth/me').set('Cookie', cookie.split(';')[0]);
    expect(viaCookie.status).toBe(200);
    expect((await auditActions('auth.login')).length).toBeGreaterThan(0);
  });

  it.each([
    [{ username: 'admin', password: 'wrong-password' }, 401, 'Wrong user name or password.'],
    [{ username: 'nobody', password: 'whatever-password' }, 401, 'Wrong user name or password.'],
    [{ username: 'admin' }, 400, 'password must be a text'],
    [{ username: '', password: 'x' }, 400, 'username must not be empty'],
    [{ username: 'admin', password: 'x', extra: 1 }, 400, 'property extra should not exist'],
  ])('refuses login %j with %d', async (body, status, message) => {
    const res = await t.http().post('/api/auth/login').set('X-Forwarded-For', '10.9.9.9').send(body);
    expect(res.status).toBe(status);
    expect(res.body.message).toContain(message);
    expect(res.body.token).toBeUndefined();
  });

  it('answers 400 with a readable message on a body that is not JSON', async () => {
    const res = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"username": ');
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('The request body is not valid JSON.');
  });

  it('records failed logins in the audit log, without the password', async () => {
    await t.http().post('/api/auth/login').send({ username: 'admin', password: 'guess-123456' });
    const failures = await auditActions('auth.login_failed');
    expect(failures.some((f) => f.payload.username === 'admin' && f.payload.reason === 'wrong_password')).toBe(true);
    expect(JSON.stringify(failures)).not.toContain('guess-123456');
  });

  it('answers 401 without a session, with a bad token, and after logout', async () => {
    expect((await t.http().get('/api/users')).status).toBe(401);
    const bad = await t.http().get('/api/users').set('Authorization', 'Bearer not-a-token');
    expect(bad.status).toBe(401);
    expect(bad.body.message).toMatch(/log in/);
    const u = await t.userWithRole('communication');
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${u.token}`)).status).toBe(200);
    expect((await t.http().post('/api/auth/logout').set('Authorization', `Bearer ${u.token}`)).status).toBe(204);
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${u.token}`)).status).toBe(401);
    expect((await auditActions('auth.logout')).some((e) => e.actor === u.username)).toBe(true);
  });

  it('shares no session lookup across a logout or a role change: concurrent requests right after see the change', async () => {
    const admin = await t.adminToken();
    const u = await t.userWithRole('communication');
    const me = () => t.http().get('/api/auth/me').set('Authorization', `Bearer ${u.token}`);
    // Concurrent lookups of one session (a console's polls) share a query in flight; answers stay right.
    expect((await Promise.all(Array.from({ length: 20 }, me))).map((r) => r.status)).toEqual(Array(20).fill(200));
    const demoted = Promise.all(Array.from({ length: 10 }, me));
    expect((await t.http().patch(`/api/users/${u.id}`).set('Authorization', `Bearer ${admin}`).send({ role: 'reviewer' })).status).toBe(200);
    await demoted;
    expect((await Promise.all(Array.from({ length: 20 }, me))).map((r) => r.body.role ?? r.body.user?.role)).toEqual(Array(20).fill('reviewer'));
    const before = Promise.all(Array.from({ length: 10 }, me));
    expect((await t.http().post('/api/auth/logout').set('Authorization', `Bearer ${u.token}`)).status).toBe(204);
    await before;
    expect((await Promise.all(Array.from({ length: 20 }, me))).map((r) => r.status)).toEqual(Array(20).fill(401));
  });

  it('answers 403 with a clear message for a role a route does not admit, and audits the refusal', async () => {
    const reviewer = await t.userWithRole('reviewer');
    const res = await t.http().get('/api/users').set('Authorization', `Bearer ${reviewer.token}`);
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('Your role (reviewer) cannot do this. It is reserved for: administrator.');
    const refusals = await auditActions('auth.forbidden');
    expect(refusals.some((r) => r.actor === reviewer.username && r.subjectId === 'GET /api/users')).toBe(true);
  });

  it('rate-limits failed logins per user: the right password is refused too until the window passes', async () => {
    const u = await t.userWithRole('duty_officer', 'limited.user');
    for (let i = 0; i < 3; i++) expect((await t.http().post('/api/auth/login').send({ username: u.username, password: 'bad-password!' })).status).toBe(401);
    const res = await t
      .http()
      .post('/api/auth/login')
      .send({ username: u.username, password: `${u.username}-password-123` });
    expect(res.status).toBe(429);
    expect(res.body.message).toMatch(/Too many failed logins for this account\. Try again in \d+ minutes?/);
    // The console says it in French from these: which limit, and how long to wait.
    expect(res.body.details).toEqual({ limitedBy: 'user', retryInMinutes: expect.any(Number) });
    expect(res.body.message).toContain(`Try again in ${res.body.details.retryInMinutes} minute`);
    expect((await auditActions('auth.login_throttled')).some((e) => e.payload.username === u.username)).toBe(true);
  });

  it('rate-limits failed logins per address across user names', async () => {
    const app = await startTestApp({ TRUST_PROXY: 'true', LOGIN_MAX_FAILURES_PER_ADDRESS: '4' });
    try {
      for (let i = 0; i < 4; i++) {
        const r = await app
          .http()
          .post('/api/auth/login')
          .set('X-Forwarded-For', '192.0.2.7')
          .send({ username: `user${i}`, password: 'bad-password!' });
        expect(r.status).toBe(401);
      }
      const blocked = await app.http().post('/api/auth/login').set('X-Forwarded-For', '192.0.2.7').send({ username: 'admin', password: ADMIN_PASSWORD });
      expect(blocked.status).toBe(429);
      expect(blocked.body.message).toMatch(/from this address/);
      expect(blocked.body.details).toMatchObject({ limitedBy: 'address' });
      const other = await app.http().post('/api/auth/login').set('X-Forwarded-For', '192.0.2.8').send({ username: 'admin', password: ADMIN_PASSWORD });
      expect(other.status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('declares @Public or @Roles on every route handler', () => {
    const discovery = new DiscoveryService(t.app.get(ModulesContainer));
    const reflector = t.app.get(Reflector);
    const scanner = new MetadataScanner();
    const undeclared: string[] = [];
    for (const wrapper of discovery.getControllers()) {
      const proto = Object.getPrototypeOf(wrapper.instance);
      for (const name of scanner.getAllMethodNames(proto)) {
        const targets = [proto[name], wrapper.metatype as object];
        const open = reflector.getAllAndOverride(PUBLIC_ROUTE, targets as never);
        const roles = reflector.getAllAndOverride(ROUTE_ROLES, targets as never);
        if (!open && !(Array.isArray(roles) && roles.length)) undeclared.push(`${wrapper.name}.${name}`);
      }
    }
    expect(discovery.getControllers().length).toBeGreaterThan(3);
    expect(undeclared).toEqual([]);
  });
});

describe('user management by the administrator', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('creates, lists and updates users, never returning a password hash, and audits each change', async () => {
    const created = await t
      .http()
      .post('/api/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: 'C.Dupont', displayName: 'Claire Dupont', role: 'prefect', password: 'a-long-password-1' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(expect.objectContaining({ username: 'c.dupont', role: 'prefect', active: true }));
    expect(JSON.stringify(created.body)).not.toMatch(/hash|password/i);
    const list = await t.http().get('/api/users').set('Authorization', `Bearer ${admin}`);
    expect(list.body.map((u: { username: string }) => u.username)).toEqual(['admin', 'c.dupont']);
    expect(JSON.stringify(list.body)).not.toMatch(/argon2|passwordHash/);

    const token = await t.login('c.dupont', 'a-long-password-1');
    const off = await t.http().patch(`/api/users/${created.body.id}`).set('Authorization', `Bearer ${admin}`).send({ active: false });
    expect(off.status).toBe(200);
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    expect((await t.http().post('/api/auth/login').send({ username: 'c.dupont', password: 'a-long-password-1' })).status).toBe(401);

    const audit = await t.http().get(`/api/audit?subjectType=user&subjectId=${created.body.id}`).set('Authorization', `Bearer ${admin}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['user.created', 'user.updated', 'auth.login_failed']);
    expect(JSON.stringify(audit.body)).not.toContain('a-long-password-1');
  });

  it.each([
    [{ username: 'x', displayName: 'X', role: 'prefect', password: 'a-long-password-1' }, 'username must be 3 to 64 letters'],
    [{ username: 'valid.name', displayName: 'X', role: 'king', password: 'a-long-password-1' }, 'role must be one of: admin, prefect, duty_officer, communication, reviewer'],
    [{ username: 'valid.name', displayName: 'X', role: 'prefect', password: 'short' }, 'password must have at least 12 characters'],
    [{ username: 'valid.name', role: 'prefect', password: 'a-long-password-1' }, 'displayName'],
  ])('refuses %j with 400 and writes nothing', async (body, message) => {
    const before = (await t.http().get('/api/users').set('Authorization', `Bearer ${admin}`)).body.length;
    const res = await t.http().post('/api/users').set('Authorization', `Bearer ${admin}`).send(body);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(message);
    expect((await t.http().get('/api/users').set('Authorization', `Bearer ${admin}`)).body.length).toBe(before);
  });

  it('refuses a duplicate user name with 409, an unknown id with 404, an empty change with 400', async () => {
    const dup = await t.http().post('/api/users').set('Authorization', `Bearer ${admin}`).send({ username: 'Admin', displayName: 'A', role: 'admin', password: 'a-long-password-1' });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toBe('A user named "admin" already exists.');
    expect((await t.http().patch('/api/users/00000000-0000-0000-0000-000000000000').set('Authorization', `Bearer ${admin}`).send({ displayName: 'Z' })).status).toBe(404);
    expect((await t.http().patch('/api/users/not-a-uuid').set('Authorization', `Bearer ${admin}`).send({ displayName: 'Z' })).status).toBe(404);
    const me = (await t.http().get('/api/auth/me').set('Authorization', `Bearer ${admin}`)).body;
    const empty = await t.http().patch(`/api/users/${me.id}`).set('Authorization', `Bearer ${admin}`).send({});
    expect(empty.status).toBe(400);
    const demote = await t.http().patch(`/api/users/${me.id}`).set('Authorization', `Bearer ${admin}`).send({ role: 'reviewer' });
    expect(demote.status).toBe(400);
    expect(demote.body.message).toMatch(/keeps the admin role/);
  });
});
