import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createEvent } from '../events/support';
import { addInject, planExercise } from '../exercises/support';
import { importContacts } from '../messages/support';
import type { TestApp } from '../support/test-app';
import { allowedRoles, RoleName, ROLE_NAMES } from './access-table';
import type { Route } from './openapi-routes';

/**
 * A small world for the generated tests: a session per role, and one real
 * thing of each kind so that a path parameter can name something that exists.
 */
export interface FuzzWorld {
  tokens: Record<RoleName, string>;
  /** A real id per resource name (the path segment before the parameter). */
  ids: Record<string, string>;
  /** The user that PATCH /api/users/{id} may change: never a session of the world. */
  victimUserId: string;
}

export async function buildWorld(t: TestApp): Promise<FuzzWorld> {
  const tokens = {} as Record<RoleName, string>;
  tokens.admin = await t.adminToken();
  for (const role of ROLE_NAMES.filter((r) => r !== 'admin')) tokens[role] = (await t.userWithRole(role, `fuzz_${role.replace('_', '')}`)).token;
  const victim = await t.userWithRole('reviewer', 'fuzzvictim');
  const event = await createEvent(t, tokens.duty_officer);
  const auth = (role: RoleName) => ({ Authorization: `Bearer ${tokens[role]}` });
  await t.http().post(`/api/events/${event.id}/cod-activation`).set(auth('prefect')).send({ decidedBy: 'M. le Préfet' }).expect(200);
  const listId = await importContacts(t, tokens.communication, ['mayor;Mairie d’Épinal;Mairie;88160;mairie@epinal.example.org;+33612340001;true;fuzz'], 'fuzz');
  const [contact] = await t.app.get(DataSource).query('SELECT id FROM contacts LIMIT 1');
  const member = await t.http().post('/api/cell/members').set(auth('duty_officer')).send({ name: 'Claire Martin', role: 'chief', email: 'claire.martin@vosges.gouv.fr', phone: '+33612345601' });
  const message = await t
    .http()
    .post(`/api/events/${event.id}/messages`)
    .set(auth('communication'))
    .send({ audiences: ['public'], facts: 'La Moselle déborde à Épinal.', instructions: 'Évitez les berges.', nextUpdateAt: new Date(Date.now() + 7_200_000).toISOString() });
  const seq = (await t.http().get(`/api/events/${event.id}/timeline`).set(auth('reviewer'))).body.entries[0].seq as number;
  const debrief = await t
    .http()
    .put(`/api/events/${event.id}/debriefs/hot`)
    .set(auth('reviewer'))
    .send({
      heldAt: new Date().toISOString(),
      participants: [{ name: 'Claire Dupont' }],
      wentWell: ['Cellule réunie vite.'],
      toImprove: [],
      findings: [{ text: 'COD activé tôt.', timelineSeqs: [seq] }],
    });
  const action = await t.http().post(`/api/events/${event.id}/debriefs/hot/actions`).set(auth('reviewer')).send({ title: 'Mettre à jour l’annuaire', owner: 'SIDPC', dueDate: '2027-01-15' });
  if (debrief.status >= 300 || action.status !== 201) throw new Error(`fuzz world: debrief ${debrief.status} ${JSON.stringify(debrief.body)}, action ${action.status} ${JSON.stringify(action.body)}`);
  const exercise = await planExercise(t, tokens.duty_officer);
  const inject = await addInject(t, tokens.duty_officer, exercise.id, { offsetMinutes: 30 });
  if (member.status !== 201 || message.status !== 201) throw new Error(`fuzz world: member ${member.status} ${JSON.stringify(member.body)}, message ${message.status} ${JSON.stringify(message.body)}`);
  return {
    tokens,
    victimUserId: victim.id,
    ids: {
      events: event.id,
      users: victim.id,
      lists: listId,
      contacts: contact.id,
      members: member.body.id,
      messages: message.body.id,
      'debrief-actions': action.body.id,
      exercises: exercise.id,
      injects: inject.id,
    },
  };
}

// Path parameters that are words, not ids.
const PARAM_VALUES: Record<string, string> = { phase: 'hot', year: String(new Date().getFullYear()) };

/** The real id for a path parameter, or a well-formed id that names nothing. */
export function realIdFor(world: FuzzWorld, path: string, param: string): string {
  if (PARAM_VALUES[param]) return PARAM_VALUES[param];
  const segments = path.split('/');
  const at = segments.indexOf(`{${param}}`);
  return world.ids[segments[at - 1]] ?? randomUUID();
}

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => values[name]);
}

/** A session allowed on the route (the first role of its line), or none for a public one. */
export function tokenFor(world: FuzzWorld, route: Route): string | null {
  const allowed = allowedRoles(route.key);
  if (allowed === 'public' || allowed === undefined) return null;
  return world.tokens[allowed[0]];
}

/** Every table's row count but the login failures, which a refused login adds to by design. */
export async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  const ds = t.app.get(DataSource);
  // The tables are looked up once per app: no request of the fuzz creates one, and the count is one query per request.
  let tables = countedTables.get(ds);
  if (!tables) {
    const rows: { table_name: string }[] = await ds.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('migrations', 'login_failures') ORDER BY 1`,
    );
    tables = rows.map((r) => r.table_name);
    countedTables.set(ds, tables);
  }
  const names = tables;
  const [row] = await ds.query(`SELECT ${names.map((name, i) => `(SELECT count(*)::int FROM "${name}") AS c${i}`).join(', ')}`);
  return Object.fromEntries(names.map((name, i) => [name, row[`c${i}`] as number]));
}

const countedTables = new WeakMap<DataSource, string[]>();

export function changedTables(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys({ ...before, ...after })
    .filter((k) => before[k] !== after[k])
    .map((k) => `${k}: ${before[k]} → ${after[k]}`);
}
