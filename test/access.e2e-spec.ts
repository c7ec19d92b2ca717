import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { PERMISSION_NAMES, PERMISSIONS, Permission, Role, ROLES, ROUTE_PERMISSION, ROUTE_ROLES } from '../src/access';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The console offers an action when `GET /api/auth/me` lists its permission
 * (`can`); the guard admits a route by the roles @Allow took from the same
 * table. These tests hold the two together: `me` says exactly what the table
 * says, every name of the table is on a route, and each such route admits
 * exactly the roles whose `me` lists the name.
 */
describe('what a role may do: one table for the guard and for the console', () => {
  let t: TestApp;
  const users = {} as Record<Role, { token: string; username: string; id: string }>;

  beforeAll(async () => {
    t = await startTestApp({ DELIVERY_WORKER: 'false' });
    for (const role of ROLES) users[role] = await t.userWithRole(role);
  });
  afterAll(() => t?.close());

  const inTable = (role: Role) => PERMISSION_NAMES.filter((p) => (PERMISSIONS[p] as readonly Role[]).includes(role));

  it.each(ROLES)('GET /api/auth/me as %s lists exactly the permissions the table gives the role, and the login answer says the same', async (role) => {
    const { token, username, id } = users[role];
    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id, username, displayName: username, role, can: inTable(role) });
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ username, password: `${username}-password-123` });
    expect(login.status).toBe(200);
    expect(login.body.user).toEqual(me.body);
  });

  interface NamedRoute {
    key: string;
    method: string;
    path: string;
    permission: Permission;
  }

  function namedRoutes(): { routes: NamedRoute[]; disagreements: string[] } {
    const discovery = new DiscoveryService(t.app.get(ModulesContainer));
    const reflector = t.app.get(Reflector);
    const scanner = new MetadataScanner();
    const routes: NamedRoute[] = [];
    const disagreements: string[] = [];
    for (const wrapper of discovery.getControllers()) {
      const proto = Object.getPrototypeOf(wrapper.instance);
      const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype as object) ?? '');
      for (const name of scanner.getAllMethodNames(proto)) {
        const targets = [proto[name], wrapper.metatype as object] as never;
        const permission = reflector.getAllAndOverride<Permission | undefined>(ROUTE_PERMISSION, targets);
        if (!permission) continue;
        const roles = reflector.getAllAndOverride<Role[]>(ROUTE_ROLES, targets);
        if (JSON.stringify(roles) !== JSON.stringify(PERMISSIONS[permission])) {
          disagreements.push(`${wrapper.name}.${name}: named ${permission}, admits ${JSON.stringify(roles)}`);
        }
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, proto[name]) as RequestMethod];
        const sub = String(Reflect.getMetadata(PATH_METADATA, proto[name]) ?? '');
        const path = `/${[base, sub].filter((s) => s && s !== '/').join('/')}`.replace(/\/+/g, '/');
        routes.push({ key: `${method} ${path}`, method, path, permission });
      }
    }
    return { routes, disagreements };
  }

  it("puts every permission of the table on at least one route, whose roles are the table's as the guard reads them", () => {
    const { routes, disagreements } = namedRoutes();
    expect(disagreements).toEqual([]);
    const used = new Set(routes.map((r) => r.permission));
    expect(PERMISSION_NAMES.filter((p) => !used.has(p))).toEqual([]);
  });

  it('admits on each named route exactly the roles whose GET /api/auth/me lists its permission', async () => {
    const can = {} as Record<Role, string[]>;
    for (const role of ROLES) {
      can[role] = (await t.http().get('/api/auth/me').set('Authorization', `Bearer ${users[role].token}`)).body.can;
    }
    // An id that names nothing: an admitted call goes past the guard and fails on its input or its id, never on the role.
    const nothing = '00000000-0000-4000-8000-000000000000';
    const mismatches: string[] = [];
    const { routes } = namedRoutes();
    for (const route of routes) {
      const url = route.path.replace(/:\w+/g, nothing);
      for (const role of ROLES) {
        const res = await t.http()[route.method.toLowerCase() as 'post'](url).set('Authorization', `Bearer ${users[role].token}`).send({});
        const refused = res.status === 403 && res.body?.error === 'role_not_allowed';
        const offered = can[role].includes(route.permission);
        if (offered && refused) mismatches.push(`${route.key} (${route.permission}) as ${role}: me.can offers it, the guard refuses it`);
        if (!offered && !refused) mismatches.push(`${route.key} (${route.permission}) as ${role}: ${res.status}, me.can does not offer it (expected 403 role_not_allowed)`);
      }
    }
    expect(routes.length).toBeGreaterThan(30);
    expect(mismatches).toEqual([]);
  });
});
