import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, VerifyOutput } from '../../scripts/audit-verify';
import { scenarioBundle } from './scenario';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'proof-cli-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function run(content: unknown) {
  const file = join(dir, `proof-${++n}.json`);
  writeFileSync(file, JSON.stringify(content, null, 2));
  const out: string[] = [];
  const err: string[] = [];
  const io: VerifyOutput = { out: (l) => out.push(l), err: (l) => err.push(l) };
  return { code: main([file], io), out, err, file };
}

describe('audit-verify on a proof bundle: the same command detects the format', () => {
  it('prints one line per commitment and OK, exit 0', () => {
    const r = run(scenarioBundle());
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    expect(r.out.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['C1 met', 'C2-elected met', 'C2-public missed', 'C2-media missed', 'C4 met', 'OK event']);
  });

  it('prints one BROKEN line on stdout and exits 1 for a tampered bundle', () => {
    const b = scenarioBundle();
    b.commitments[3].status = 'met';
    const r = run(b);
    expect(r).toMatchObject({ code: 1, err: [], out: ['BROKEN: commitment C2-media: the bundle says met but its entries give missed (from entries 7, 15)'] });
  });

  it('exits 2 with one line on stderr for a proof bundle it cannot check', () => {
    const r = run({ ...scenarioBundle(), segment: 'lost' });
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err).toEqual([`audit-verify: ${r.file} cannot be checked: it is not a complete proof bundle: it needs "segment" (a list)`]);
  });

  it('names both formats when it recognises neither', () => {
    const r = run({ format: 'prefecture-proof-bundle/2' });
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/format is "prefecture-proof-bundle\/2", expected "prefecture-audit-bundle\/1" or "prefecture-proof-bundle\/1"$/);
  });
});
