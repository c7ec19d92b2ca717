import type { TestApp } from '../support/test-app';

export const VOSGES = ['88160', '88196'];

export async function createEvent(t: TestApp, token: string, body: Record<string, unknown> = {}) {
  const res = await t
    .http()
    .post('/api/events')
    .set('Authorization', `Bearer ${token}`)
    .send({ title: 'Feu de forêt — massif de la Vologne', kind: 'forest_fire', mode: 'real', communes: VOSGES, ...body });
  if (res.status !== 201) throw new Error(`create event: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; status: string; mode: string; communes: { code: string; name: string }[] };
}

export const secondsAgo = (s: number) => new Date(Date.now() - s * 1000).toISOString();

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
