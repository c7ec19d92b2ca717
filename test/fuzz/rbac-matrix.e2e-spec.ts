import { startTestApp, TestApp } from '../support/test-app';
import { ACCESS, allowedRoles, ROLE_NAMES, RoleName } from './access-table';
import { buildWorld, fillPath, FuzzWorld, realIdFor } from './fuzz-world';
import { Route, routesOf, sampleOf } from './openapi-routes';

/**
 * Every route of the OpenAPI document × every role and no session, against
 * the table of test/fuzz/access-table.ts: a route added without its line in
 * the table fails here, and so does a route whose guard disagrees with it.
 */
describe('who may call what: the RBAC matrix, generated from the OpenAPI document', () => {
  jest.setTimeout(300_000);
  let t: TestApp;
  let world: FuzzWorld;
  let routes: Route[];

  beforeAll(async () => {
    t = await startTestApp({ DELIVERY_WORKER: 'false' });
    world = await buildWorld(t);
    routes = routesOf((await t.http().get('/api/docs-json').expect(200)).body);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has a line in the table for every route, and no line for a route that does not exist', () => {
    const keys = routes.map((r) => r.key);
    expect(keys.filter((k) => !(k in ACCESS))).toEqual([]);
    expect(Object.keys(ACCESS).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it('admits exactly the roles of the table on every route, and asks for a session where one is needed', async () => {
    const mismatches: string[] = [];
    const call = (route: Route, token: string | null) => {
      const url = fillPath(route.path, Object.fromEntries(route.pathParams.map((p) => [p, realIdFor(world, route.path, p)])));
      let req = t.http()[route.method.toLowerCase() as 'get'](url);
      if (token) req = req.set('Authorization', `Bearer ${token}`);
      return route.body && route.bodyIsJson ? req.send(sampleOf(route.body) as object) : req;
    };
    // Logging out ends the session it is called with: it goes last.
    const ordered = [...routes.filter((r) => r.key !== 'POST /api/auth/logout'), ...routes.filter((r) => r.key === 'POST /api/auth/logout')];
    let checked = 0;
    for (const route of ordered) {
      const allowed = allowedRoles(route.key);
      if (allowed === undefined) continue;
      // A refused login is a 401 too, for a reason other than the session: the guard's answer is told by its code.
      const anonymous = await call(route, null);
      const sessionAsked = anonymous.status === 401 && anonymous.body?.error === 'session_required';
      if (allowed === 'public' && sessionAsked) mismatches.push(`${route.key}: public in the table, asks for a session`);
      if (allowed !== 'public' && !sessionAsked) mismatches.push(`${route.key}: ${anonymous.status} without a session, expected 401 session_required`);
      for (const role of ROLE_NAMES) {
        const res = await call(route, world.tokens[role as RoleName]);
        checked++;
        const refusedForRole = res.status === 403 && res.body?.error === 'role_not_allowed';
        const mayCall = allowed === 'public' || allowed.includes(role);
        if (res.status === 401 && res.body?.error === 'session_required') mismatches.push(`${route.key} as ${role}: asks for a session with a valid one`);
        else if (mayCall && refusedForRole) mismatches.push(`${route.key} as ${role}: refused for the role, the table admits it`);
        else if (!mayCall && !refusedForRole) mismatches.push(`${route.key} as ${role}: ${res.status}, the table refuses the role (expected 403 role_not_allowed)`);
      }
    }
    expect(checked).toBeGreaterThan(200);
    expect(mismatches).toEqual([]);
  });
});
