import type { TestApp } from '../support/test-app';

export const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

export const inMinutes = (min: number) => new Date(Date.now() + min * 60_000).toISOString();

export const PLAYERS = [
  { name: 'Claire Dupont', role: 'communication', email: 'claire.dupont@vosges.example.org', phone: '+33612345601' },
  { name: 'Luc Marchal', role: 'cabinet', email: 'luc.marchal@vosges.example.org' },
];

export function exerciseBody(over: Record<string, unknown> = {}) {
  return {
    title: 'Crue de la Moselle à Épinal',
    plannedAt: inMinutes(60 * 24 * 30),
    kind: 'flood',
    type: 'functional',
    objectives: ['Alerter les maires en moins d’une heure', 'Activer la cellule de communication'],
    commitments: ['C1', 'C2'],
    communes: ['88160'],
    director: { name: 'Anne Lefèvre', email: 'anne.lefevre@vosges.example.org', phone: '06 12 34 56 78' },
    players: PLAYERS,
    ...over,
  };
}

export async function planExercise(t: TestApp, token: string, over: Record<string, unknown> = {}) {
  const res = await t.http().post('/api/exercises').set(auth(token)).send(exerciseBody(over));
  if (res.status !== 201) throw new Error(`plan exercise: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; status: string; year: number; eventId: string | null; players: { id: string; name: string }[] };
}

export async function startExercise(t: TestApp, token: string, id: string, body: Record<string, unknown> = {}) {
  const res = await t.http().post(`/api/exercises/${id}/start`).set(auth(token)).send(body);
  if (res.status !== 200) throw new Error(`start exercise: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; status: string; eventId: string };
}

export async function addInject(t: TestApp, token: string, id: string, body: Record<string, unknown>) {
  const res = await t
    .http()
    .post(`/api/exercises/${id}/injects`)
    .set(auth(token))
    .send({ scenario: 'La Moselle déborde à Épinal', recipient: 'communication', means: 'console', expectedAction: 'Rédiger un communiqué aux maires', offsetMinutes: 0, ...body });
  if (res.status !== 201) throw new Error(`add inject: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; order: number };
}

/** Audit entries of one action (every page). */
export async function auditOf(t: TestApp, action: string, subjectId?: string): Promise<{ subjectId: string; payload: Record<string, any>; actor: string }[]> {
  const token = await t.adminToken();
  const q = `action=${action}&pageSize=500${subjectId ? `&subjectId=${subjectId}` : ''}`;
  const res = await t.http().get(`/api/audit?${q}`).set(auth(token));
  if (res.status !== 200) throw new Error(`audit: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items;
}
