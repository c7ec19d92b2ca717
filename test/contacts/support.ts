import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { TestApp } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');
export const SAMPLE = readFileSync(join(ROOT, 'templates/contacts/vosges-sample.csv'));
export const BAD_LINES = readFileSync(join(ROOT, 'test/fixtures/contacts/bad-lines.csv'));
export const HEADER = 'kind;name;organisation;commune_insee;email;mobile;exercise_participant;lists';

export function importCsv(t: TestApp, token: string, body: string | Buffer, query = '', type = 'text/csv') {
  return t
    .http()
    .post(`/api/contacts/import${query}`)
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', type)
    .send(Buffer.isBuffer(body) ? body : Buffer.from(body));
}

export function sql<T = Record<string, unknown>>(t: TestApp, text: string, params: unknown[] = []): Promise<T[]> {
  return t.app.get(DataSource).query(text, params);
}

export async function countContacts(t: TestApp, where = 'true'): Promise<number> {
  const [{ n }] = await sql<{ n: number }>(t, `SELECT count(*)::int AS n FROM contacts WHERE ${where}`);
  return n;
}

export async function auditOf(t: TestApp, action: string): Promise<{ actor: string; payload: Record<string, unknown> }[]> {
  return sql(t, 'SELECT actor, payload FROM audit_log WHERE action = $1 ORDER BY seq', [action]);
}
