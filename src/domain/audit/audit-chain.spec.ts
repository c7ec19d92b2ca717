import { createHash } from 'node:crypto';
import {
  AuditEntryRecord,
  BUNDLE_FORMAT,
  ChainProblem,
  GENESIS_HASH,
  HASHING_RULE,
  VerifyChainOptions,
  buildBundle,
  canonicalJson,
  computeEntryHash,
  entryContent,
  prepareEntryHash,
  verifyChain,
} from './audit-chain';

const BASE_MS = Date.parse('2026-11-28T14:00:00.000Z');

// Built with computeEntryHash directly so the chain does not depend on the code under test's own helpers.
function buildChain(count: number): AuditEntryRecord[] {
  const entries: AuditEntryRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const content = {
      seq,
      at: new Date(BASE_MS + seq * 61_007).toISOString(),
      actor: seq % 3 === 0 ? 'system' : `user:${seq % 5}`,
      action: seq % 2 === 0 ? 'delivery.accepted' : 'message.published',
      subjectType: seq % 4 === 0 ? null : 'event',
      subjectId: seq % 4 === 0 ? null : `evt-${seq % 7}`,
      payload: { n: seq, channel: seq % 2 === 0 ? 'sms' : 'email', tags: ['crue', 'Épinal'], nested: { z: seq, a: [seq, null] } },
    };
    const hash = computeEntryHash(prevHash, content);
    entries.push({ ...content, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

const CHAIN = buildChain(50);
const bySeq = (seq: number): AuditEntryRecord => CHAIN[seq - 1];
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('canonicalJson', () => {
  it.each<[string, unknown, string]>([
    ['sorts keys', { b: 1, a: 2 }, '{"a":2,"b":1}'],
    ['sorts keys at every level and keeps array order', { z: { y: 1, x: [{ d: 1, c: 2 }, 3] }, a: null }, '{"a":null,"z":{"x":[{"c":2,"d":1},3],"y":1}}'],
    ['orders by code unit: uppercase, underscore, lowercase', { a: 1, B: 2, _: 3 }, '{"B":2,"_":3,"a":1}'],
    // Code point order would put U+1F600 after U+FF61; UTF-16 code units put its high surrogate (0xD83D) first.
    ['orders non-ASCII keys by UTF-16 code unit', { '\uFF61': 4, '😀': 3, é: 1, z: 2 }, '{"z":2,"é":1,"😀":3,"｡":4}'],
    ['writes non-ASCII strings as JSON.stringify does', { ville: 'Épinal', s: 'a"b\\c\nd\u0001' }, '{"s":"a\\"b\\\\c\\nd\\u0001","ville":"Épinal"}'],
    ['writes numbers as JSON.stringify does', [1.0, -0, 1e21, 0.1 + 0.2, 1e-7, -12], '[1,0,1e+21,0.30000000000000004,1e-7,-12]'],
    ['writes booleans and null', [true, false, null], '[true,false,null]'],
    ['drops undefined object members', { a: undefined, b: 1, c: { d: undefined } }, '{"b":1,"c":{}}'],
    ['writes undefined array slots as null, like JSON.stringify', [undefined, 1], '[null,1]'],
    ['uses toJSON, so a Date hashes like its ISO string', { at: new Date('2026-11-28T14:03:05.123Z') }, '{"at":"2026-11-28T14:03:05.123Z"}'],
    ['writes empty containers', { o: {}, a: [] }, '{"a":[],"o":{}}'],
    ['writes a bare string', 'x', '"x"'],
  ])('%s', (_name, input, expected) => {
    expect(canonicalJson(input)).toBe(expected);
  });

  it('gives the same text for the same data whatever the key insertion order', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });

  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  it.each<[string, unknown]>([
    ['NaN', { a: Number.NaN }],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['-Infinity', -Infinity],
    ['a function', { f: () => 1 }],
    ['a bigint', { n: BigInt(10) }],
    ['a symbol', [Symbol('s')]],
    ['a Map', { m: new Map([['a', 1]]) }],
    ['a circular reference', cyclic],
    ['undefined at the top level', undefined],
  ])('throws on %s', (_name, input) => {
    expect(() => canonicalJson(input)).toThrow(TypeError);
  });
});

describe('prepareEntryHash: the same hash, the payload written out before the place in the chain is known', () => {
  const base = { actor: 'system', action: 'delivery.results', subjectType: 'message' as string | null, subjectId: 'msg-1' as string | null };
  it.each([
    ['an empty payload', { ...base, payload: {} }],
    [
      'a batch of results, accents and an emoji',
      {
        ...base,
        payload: {
          eventId: 'evt-1',
          counts: { sent: 2 },
          results: [
            { deliveryId: 'd1', recipient: 'Maire d’Épinal 🚒', status: 'sent', proof: { messageId: '<a@b>' } },
            { deliveryId: 'd2', recipient: null, status: 'failed' },
          ],
        },
      },
    ],
    ['keys out of order at every level', { ...base, payload: { z: 1, a: { y: [3, { c: 1, b: 2 }], x: 'é' } } }],
    ['members and slots without a JSON form', { ...base, payload: { kept: 1, gone: undefined, list: [undefined, 2] } }],
    ['no subject', { ...base, subjectType: null, subjectId: null, payload: { n: 1 } }],
    ['quotes and line breaks in the fields', { ...base, actor: 'ré"dac\n', action: 'a\\b', payload: { s: 'l1\nl2"' } }],
    ['an absent payload', { ...base, payload: undefined }],
  ])('%s', (_why, fields) => {
    for (const [seq, at, prevHash] of [
      [1, '2026-11-28T14:03:05.123Z', GENESIS_HASH],
      [90071, '2026-12-07T00:59:59.999Z', 'ab'.repeat(32)],
    ] as const) {
      expect(prepareEntryHash(fields)(prevHash, seq, at)).toBe(computeEntryHash(prevHash, { seq, at, ...fields }));
    }
  });
});

describe('computeEntryHash', () => {
  const content = {
    seq: 1,
    at: '2026-11-28T14:03:05.123Z',
    actor: 'user:duty-officer',
    action: 'cod.activated',
    subjectType: 'event',
    subjectId: 'evt-1',
    payload: { synergi: 'SYN-42', é: 'Épinal', decidedAt: '2026-11-28T14:00:00.000Z' },
  };
  const canonical =
    '{"action":"cod.activated","actor":"user:duty-officer","at":"2026-11-28T14:03:05.123Z",' +
    '"payload":{"decidedAt":"2026-11-28T14:00:00.000Z","synergi":"SYN-42","é":"Épinal"},' +
    '"seq":1,"subjectId":"evt-1","subjectType":"event"}';

  it('hashes prevHash, a newline and the canonical JSON of the seven content fields', () => {
    expect(canonicalJson(content)).toBe(canonical);
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n${canonical}`, 'utf8').digest('hex');
    expect(computeEntryHash(GENESIS_HASH, content)).toBe(expected);
    // Pinned value (computed with sha256sum): a change here breaks every bundle already exported.
    expect(computeEntryHash(GENESIS_HASH, content)).toBe('b25578075dec4d7fa0506443d57330f9e67e9ea766982bf50068e75b2cc9920e');
  });

  it('entryContent keeps exactly the seven content fields and hashes an absent payload as null', () => {
    const record = { ...content, prevHash: GENESIS_HASH, hash: 'x', id: 99 } as AuditEntryRecord;
    expect(Object.keys(entryContent(record)).sort()).toEqual(['action', 'actor', 'at', 'payload', 'seq', 'subjectId', 'subjectType']);
    expect(entryContent({ ...content, payload: undefined }).payload).toBeNull();
  });

  it('HASHING_RULE states the rule that is implemented', () => {
    expect(HASHING_RULE).toContain('SHA-256');
    expect(HASHING_RULE).toContain('prevHash + "\\n" + canonicalJson({seq, at, actor, action, subjectType, subjectId, payload})');
    expect(HASHING_RULE).toContain(GENESIS_HASH);
    expect(HASHING_RULE).toContain('UTF-16 code unit');
  });
});

describe('verifyChain on an intact chain', () => {
  it('verifies 50 entries built with computeEntryHash', () => {
    expect(verifyChain(CHAIN)).toEqual({ ok: true, count: 50, head: bySeq(50).hash });
    expect(verifyChain(CHAIN, { expectedHead: bySeq(50).hash })).toEqual({ ok: true, count: 50, head: bySeq(50).hash });
  });

  it('verifies the bundle after a round-trip through a JSON file', () => {
    const bundle = clone(buildBundle(CHAIN, { exportedAt: '2026-11-29T08:00:00.000Z' }));
    expect(verifyChain(bundle.entries, { expectedHead: bundle.headHash, startPrevHash: bundle.startPrevHash })).toEqual({
      ok: true,
      count: 50,
      head: bySeq(50).hash,
    });
  });

  it('verifies a window bundle that starts at seq 10', () => {
    const bundle = buildBundle(CHAIN.slice(9), {
      exportedAt: '2026-11-29T08:00:00.000Z',
      from: bySeq(10).at,
      to: bySeq(50).at,
    });
    expect(bundle).toMatchObject({ firstSeq: 10, lastSeq: 50, count: 41, startPrevHash: bySeq(9).hash, headHash: bySeq(50).hash });
    expect(verifyChain(bundle.entries, { expectedHead: bundle.headHash, startPrevHash: bundle.startPrevHash })).toEqual({
      ok: true,
      count: 41,
      head: bySeq(50).hash,
    });
  });

  it.each<[string, VerifyChainOptions, string]>([
    ['no options', {}, GENESIS_HASH],
    ['a start hash', { startPrevHash: 'a'.repeat(64) }, 'a'.repeat(64)],
  ])('accepts an empty list (%s) with the start hash as head', (_name, opts, head) => {
    expect(verifyChain([], opts)).toEqual({ ok: true, count: 0, head });
  });
});

interface TamperCase {
  name: string;
  tamper: () => { entries: AuditEntryRecord[]; opts?: VerifyChainOptions };
  seq: number;
  problem: ChainProblem;
  message?: string | RegExp;
}

// Each tampering must be caught at the right seq with the right problem, not merely "somewhere".
const fullBundle = (): ReturnType<typeof buildBundle> => clone(buildBundle(CHAIN, { exportedAt: '2026-11-29T08:00:00.000Z' }));
const asBundleCheck = (b: ReturnType<typeof buildBundle>): { entries: AuditEntryRecord[]; opts: VerifyChainOptions } => ({
  entries: b.entries,
  opts: { expectedHead: b.headHash, startPrevHash: b.startPrevHash },
});

describe('verifyChain finds tampering at the right seq', () => {
  it.each<TamperCase>([
    {
      name: 'payload edited in entry 20',
      tamper: () => {
        const b = fullBundle();
        (b.entries[19].payload as { n: number }).n = 999;
        return asBundleCheck(b);
      },
      seq: 20,
      problem: 'payload_changed',
      message: 'entry 20: its content no longer matches its hash (payload or fields changed)',
    },
    {
      name: 'entry 20 dropped',
      tamper: () => {
        const b = fullBundle();
        b.entries.splice(19, 1);
        return asBundleCheck(b);
      },
      seq: 20,
      problem: 'entry_missing',
      message: 'entry 20 is missing: entry 19 is followed by entry 21',
    },
    {
      name: 'entries 20 and 21 swapped',
      tamper: () => {
        const b = fullBundle();
        [b.entries[19], b.entries[20]] = [b.entries[20], b.entries[19]];
        return asBundleCheck(b);
      },
      seq: 20,
      problem: 'order_changed',
      message: /^entries 20 and 21 are out of order/,
    },
    {
      name: 'head hash altered in the bundle',
      tamper: () => {
        const b = fullBundle();
        b.headHash = 'f'.repeat(64);
        return asBundleCheck(b);
      },
      seq: 50,
      problem: 'head_mismatch',
    },
    {
      name: '"at" changed in entry 33 of the bundle',
      tamper: () => {
        const b = fullBundle();
        b.entries[32].at = '2026-11-28T14:00:00.000Z';
        return asBundleCheck(b);
      },
      seq: 33,
      problem: 'payload_changed',
    },
    {
      name: 'actor changed in entry 1',
      tamper: () => {
        const b = fullBundle();
        b.entries[0].actor = 'user:someone-else';
        return asBundleCheck(b);
      },
      seq: 1,
      problem: 'payload_changed',
    },
    {
      name: 'stored hash of entry 7 replaced',
      tamper: () => {
        const b = fullBundle();
        b.entries[6].hash = 'e'.repeat(64);
        return asBundleCheck(b);
      },
      seq: 7,
      problem: 'payload_changed',
    },
    {
      name: 'entry 20 rewritten and re-hashed (its own hash is consistent again)',
      tamper: () => {
        const b = fullBundle();
        const e = b.entries[19];
        e.payload = { n: 20, forged: true };
        e.hash = computeEntryHash(e.prevHash, entryContent(e));
        return asBundleCheck(b);
      },
      seq: 21,
      problem: 'prev_hash_mismatch',
      message: /^entry 21 does not continue the chain: its prevHash is not the hash of entry 20/,
    },
    {
      name: 'entries 20 to 22 dropped',
      tamper: () => {
        const b = fullBundle();
        b.entries.splice(19, 3);
        return asBundleCheck(b);
      },
      seq: 20,
      problem: 'entry_missing',
      message: 'entries 20 to 22 are missing: entry 19 is followed by entry 23',
    },
    {
      name: 'entry 5 moved to the end',
      tamper: () => {
        const b = fullBundle();
        const [moved] = b.entries.splice(4, 1);
        b.entries.push(moved);
        return asBundleCheck(b);
      },
      seq: 5,
      problem: 'order_changed',
    },
    {
      name: 'the last entry dropped, head kept',
      tamper: () => {
        const b = fullBundle();
        b.entries.pop();
        return asBundleCheck(b);
      },
      seq: 49,
      problem: 'head_mismatch',
    },
    {
      name: 'entry 20 duplicated',
      tamper: () => {
        const b = fullBundle();
        b.entries.splice(20, 0, clone(b.entries[19]));
        return asBundleCheck(b);
      },
      seq: 20,
      problem: 'malformed',
      message: 'entry 20 appears twice in the list',
    },
    {
      name: 'window starting at seq 10 with a startPrevHash that is not the hash of entry 9',
      tamper: () => {
        const b = clone(buildBundle(CHAIN.slice(9), { exportedAt: '2026-11-29T08:00:00.000Z' }));
        b.startPrevHash = bySeq(8).hash;
        return asBundleCheck(b);
      },
      seq: 10,
      problem: 'prev_hash_mismatch',
    },
    {
      name: 'window whose first two entries are swapped',
      tamper: () => ({ entries: [bySeq(11), bySeq(10), ...CHAIN.slice(11)] }),
      seq: 10,
      problem: 'order_changed',
      message: /^entries 10 and 11 are out of order/,
    },
    {
      name: 'entry 1 dropped from a full export that still starts from genesis',
      tamper: () => ({ entries: CHAIN.slice(1), opts: { startPrevHash: GENESIS_HASH } }),
      seq: 1,
      problem: 'entry_missing',
      message: 'entry 1 is missing: the log starts with entry 2',
    },
    {
      name: 'entries 1 and 2 swapped in a full export',
      tamper: () => ({ entries: [bySeq(2), bySeq(1), ...CHAIN.slice(2)], opts: { startPrevHash: GENESIS_HASH } }),
      seq: 1,
      problem: 'order_changed',
      message: /^entries 1 and 2 are out of order/,
    },
    {
      name: 'entry 3 relabelled as the start of the log (prevHash set to genesis, re-hashed)',
      tamper: () => {
        const e = { ...bySeq(3), seq: 1, prevHash: GENESIS_HASH };
        e.hash = computeEntryHash(e.prevHash, entryContent(e));
        return { entries: [e, ...CHAIN.slice(1)] };
      },
      seq: 2,
      problem: 'prev_hash_mismatch',
    },
    {
      name: '"at" of entry 12 without milliseconds',
      tamper: () => {
        const b = fullBundle();
        b.entries[11].at = '2026-11-28T14:12:12Z';
        return asBundleCheck(b);
      },
      seq: 12,
      problem: 'malformed',
    },
    {
      name: 'seq of the entry after 30 is not a number',
      tamper: () => {
        const b = fullBundle();
        (b.entries[30] as unknown as { seq: unknown }).seq = '31';
        return asBundleCheck(b);
      },
      seq: 31,
      problem: 'malformed',
    },
  ])('$name → $problem at seq $seq', ({ tamper, seq, problem, message }) => {
    const { entries, opts } = tamper();
    const result = verifyChain(entries, opts);
    expect(result).toMatchObject({ ok: false, seq, problem });
    if (message !== undefined && !result.ok) {
      if (typeof message === 'string') expect(result.message).toBe(message);
      else expect(result.message).toMatch(message);
    }
  });
});

describe('buildBundle', () => {
  it('describes its content and keeps only the chained fields', () => {
    const withDbColumns = CHAIN.slice(0, 3).map((e) => ({ ...e, id: 'row-id', createdBy: 'x' }));
    const b = buildBundle(withDbColumns, { exportedAt: '2026-11-29T08:00:00.000Z', from: '2026-11-28T00:00:00.000Z' });
    expect(b).toMatchObject({
      format: BUNDLE_FORMAT,
      hashingRule: HASHING_RULE,
      exportedAt: '2026-11-29T08:00:00.000Z',
      from: '2026-11-28T00:00:00.000Z',
      to: null,
      count: 3,
      firstSeq: 1,
      lastSeq: 3,
      startPrevHash: GENESIS_HASH,
      headHash: bySeq(3).hash,
    });
    expect(b.entries).toEqual(CHAIN.slice(0, 3));
    expect(Object.keys(b.entries[0])).not.toContain('id');
  });

  it('anchors an empty window on the given start hash', () => {
    const b = buildBundle([], { exportedAt: '2026-11-29T08:00:00.000Z', startPrevHash: bySeq(50).hash });
    expect(b).toMatchObject({ count: 0, firstSeq: null, lastSeq: null, startPrevHash: bySeq(50).hash, headHash: bySeq(50).hash });
    expect(verifyChain(b.entries, { expectedHead: b.headHash, startPrevHash: b.startPrevHash })).toEqual({
      ok: true,
      count: 0,
      head: bySeq(50).hash,
    });
  });
});
