import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, VerifyOutput } from '../scripts/audit-verify';
import { AuditBundle, AuditEntryRecord, GENESIS_HASH, buildBundle, computeEntryHash } from '../src/domain/audit/audit-chain';

function buildChain(count: number): AuditEntryRecord[] {
  const entries: AuditEntryRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const content = {
      seq,
      at: new Date(Date.UTC(2026, 10, 28, 14, 0, seq, seq)).toISOString(),
      actor: seq === 1 ? 'user:duty-officer' : 'system',
      action: seq === 1 ? 'cod.activated' : 'delivery.accepted',
      subjectType: 'event',
      subjectId: 'evt-88160',
      payload: { channel: seq % 2 ? 'email' : 'sms', recipients: seq, commune: 'Épinal' },
    };
    const hash = computeEntryHash(prevHash, content);
    entries.push({ ...content, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

const CHAIN = buildChain(30);
const HEAD = CHAIN[29].hash;
const freshBundle = (): AuditBundle => JSON.parse(JSON.stringify(buildBundle(CHAIN, { exportedAt: '2026-11-29T08:00:00.000Z' }))) as AuditBundle;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'audit-verify-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

let fileCounter = 0;
function writeBundle(content: unknown): string {
  const file = join(dir, `bundle-${++fileCounter}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

function run(argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const io: VerifyOutput = { out: (l) => out.push(l), err: (l) => err.push(l) };
  return { code: main(argv, io), out, err };
}

describe('audit-verify CLI', () => {
  it('accepts an intact bundle: exit 0 and the OK line', () => {
    const r = run([writeBundle(freshBundle())]);
    expect(r).toEqual({ code: 0, out: [`OK 30 entries, head ${HEAD}`], err: [] });
  });

  it('accepts a window bundle that starts after seq 1', () => {
    const window = buildBundle(CHAIN.slice(9), { exportedAt: '2026-11-29T08:00:00.000Z', from: CHAIN[9].at, to: CHAIN[29].at });
    const r = run([writeBundle(window)]);
    expect(r).toEqual({ code: 0, out: [`OK 21 entries, head ${HEAD}`], err: [] });
  });

  it.each<[string, (b: AuditBundle) => void, string]>([
    [
      'payload edited in entry 12',
      (b) => {
        (b.entries[11].payload as { recipients: number }).recipients = 0;
      },
      'BROKEN at seq 12: entry 12: its content no longer matches its hash (payload or fields changed)',
    ],
    ['entry 12 removed', (b) => void b.entries.splice(11, 1), 'BROKEN at seq 12: entry 12 is missing: entry 11 is followed by entry 13'],
    ['head hash replaced', (b) => void (b.headHash = 'a'.repeat(64)), 'BROKEN at seq 30: '],
    [
      'last 3 entries cut and the head recomputed, header left alone',
      (b) => {
        b.entries.splice(27, 3);
        b.headHash = b.entries[26].hash;
      },
      'BROKEN at seq 28: the bundle header announces entries 1 to 30 (30 entries) but the bundle holds entries 1 to 27 (27 entries)',
    ],
    ['an entry with a bad "at"', (b) => void (b.entries[4].at = 'yesterday'), 'BROKEN at seq 5: entry 5 is malformed: '],
  ])('reports a broken chain: %s → exit 1 naming the seq', (_name, tamper, expectedLine) => {
    const bundle = freshBundle();
    tamper(bundle);
    const r = run([writeBundle(bundle)]);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([]);
    expect(r.out).toHaveLength(1);
    expect(r.out[0].startsWith(expectedLine)).toBe(true);
  });

  it.each<[string, () => string[], RegExp]>([
    ['a missing file', () => [join(dir, 'does-not-exist.json')], /^audit-verify: cannot read .*does-not-exist\.json: no such file$/],
    [
      'a directory',
      () => {
        const d = join(dir, 'a-dir');
        mkdirSync(d, { recursive: true });
        return [d];
      },
      /^audit-verify: cannot read .*a-dir: it is a directory$/,
    ],
    ['a file that is not JSON', () => [writeBundle('{"format": "prefecture-audit-bundle/1", ')], /^audit-verify: .* is not valid JSON: /],
    ['JSON that is not a bundle', () => [writeBundle({ format: 'something-else/2', entries: [] })], /is not an audit bundle: format is "something-else\/2"/],
    ['a bundle without entries', () => [writeBundle({ ...freshBundle(), entries: undefined })], /is not a complete audit bundle/],
    ['no argument', () => [], /^usage: audit-verify <bundle\.json>$/],
  ])('cannot check %s → exit 2 with a one-line error', (_name, args, expectedErr) => {
    const r = run(args());
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(expectedErr);
  });

  it('writes to the real stdout when no writer is given', () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(main([writeBundle(freshBundle())])).toBe(0);
      expect(write).toHaveBeenCalledWith(`OK 30 entries, head ${HEAD}\n`);
    } finally {
      write.mockRestore();
    }
  });
});
