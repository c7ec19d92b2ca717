import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as verifyBundle } from '../scripts/audit-verify';
import type { AuditBundle } from '../src/domain/audit/audit-chain';
import { AuditService } from '../src/modules/audit/audit.service';
import { startTestApp, TestApp } from './support/test-app';

function runVerifier(bundle: unknown): { code: number; out: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'audit-')), 'bundle.json');
  writeFileSync(file, JSON.stringify(bundle));
  let out = '';
  const code = verifyBundle([file], { out: (s) => (out += s), err: (s) => (out += s) });
  return { code, out: out.trim() };
}

describe('audit log over HTTP and on the database', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  const exportBundle = async (query = ''): Promise<AuditBundle> => {
    const res = await t.http().get(`/api/audit/export${query}`).set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('keeps the chain linear under 50 concurrent appends, and the export verifies offline', async () => {
    const audit = t.app.get(AuditService);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        audit.append({ actor: 'system', action: 'test.concurrent', subjectType: 'test', subjectId: String(i), payload: { i, note: 'Épinal – 88160', nul: 'a\u0000b' } }),
      ),
    );
    const bundle = await exportBundle();
    const seqs = bundle.entries.map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(bundle.entries.filter((e) => e.action === 'test.concurrent')).toHaveLength(50);
    const { code, out } = runVerifier(bundle);
    expect(out).toBe(`OK ${bundle.count} entries, head ${bundle.headHash}`);
    expect(code).toBe(0);
  });

  it.each([
    ['a payload edited', (b: AuditBundle) => ((b.entries[19].payload as Record<string, unknown>).i = 999), 'BROKEN at seq 20'],
    ['an entry dropped', (b: AuditBundle) => b.entries.splice(19, 1), 'BROKEN at seq 20'],
    ['two entries swapped', (b: AuditBundle) => ([b.entries[19], b.entries[20]] = [b.entries[20], b.entries[19]]), 'BROKEN at seq 20'],
    ['an actor changed', (b: AuditBundle) => (b.entries[29].actor = 'someone-else'), 'BROKEN at seq 30'],
  ])('catches %s in an exported bundle at the right sequence number', async (_label, tamper, expected) => {
    const bundle = await exportBundle();
    tamper(bundle);
    const { code, out } = runVerifier(bundle);
    expect(code).toBe(1);
    expect(out.startsWith(expected)).toBe(true);
  });

  it('exports a time window that verifies on its own', async () => {
    const all = await exportBundle();
    const from = all.entries[10].at;
    const to = all.entries[20].at;
    const window = await exportBundle(`?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(window.entries[0].seq).toBeLessThanOrEqual(11);
    expect(window.entries.at(-1)!.seq).toBeGreaterThanOrEqual(21);
    expect(runVerifier(window).code).toBe(0);
  });

  it('lists entries by subject with pagination', async () => {
    const res = await t.http().get('/api/audit?subjectType=test&pageSize=20&page=2').set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(50);
    expect(res.body.items).toHaveLength(20);
    expect(res.body.page).toBe(2);
    const one = await t.http().get('/api/audit?subjectType=test&subjectId=7').set('Authorization', `Bearer ${admin}`);
    expect(one.body.items.map((e: { payload: { i: number } }) => e.payload.i)).toEqual([7]);
  });

  it.each([
    ['?from=yesterday', 'from must be a date'],
    ['?pageSize=5000', 'pageSize must be a whole number between 1 and 1000'],
    ['?page=0', 'page must be a whole number from 1'],
    ['?from=2026-11-28T10:00:00Z&to=2026-11-28T09:00:00Z', '"from" is after "to"'],
  ])('refuses the query %s with 400', async (query, message) => {
    const res = await t.http().get(`/api/audit${query}`).set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(message);
  });

  it('is readable by reviewers and closed to communication staff', async () => {
    const reviewer = await t.userWithRole('reviewer');
    const comms = await t.userWithRole('communication');
    expect((await t.http().get('/api/audit/export').set('Authorization', `Bearer ${reviewer.token}`)).status).toBe(200);
    expect((await t.http().get('/api/audit').set('Authorization', `Bearer ${comms.token}`)).status).toBe(403);
  });
});
