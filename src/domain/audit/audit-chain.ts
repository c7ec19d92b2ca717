import { createHash } from 'node:crypto';

// The audit log is evidence (DESIGN.md §2.5): each entry hashes the previous
// entry's hash and its own canonical JSON, so an edit, a removal or a reordering
// anywhere shows up when the chain is recomputed. Everything here is pure so the
// same code runs inside the app and in the offline verifier (scripts/audit-verify.ts).

export interface AuditEntryRecord {
  seq: number;
  /** ISO-8601 UTC with milliseconds, e.g. 2026-11-28T14:03:05.123Z */
  at: string;
  actor: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  payload: unknown;
  prevHash: string;
  hash: string;
}

export interface AuditEntryContent {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  payload: unknown;
}

export const GENESIS_HASH = '0'.repeat(64);

export const BUNDLE_FORMAT = 'prefecture-audit-bundle/1';

// Embedded verbatim in every exported bundle so that a reviewer can re-implement
// the check without our code; keep it in step with computeEntryHash/canonicalJson.
export const HASHING_RULE =
  'hash = lowercase hexadecimal SHA-256 of the UTF-8 bytes of the string ' +
  'prevHash + "\\n" + canonicalJson({seq, at, actor, action, subjectType, subjectId, payload}). ' +
  'prevHash is the hash of the entry with the previous seq; the entry with seq 1 uses 64 zeros ' +
  `(${GENESIS_HASH}). ` +
  'canonicalJson is JSON without any whitespace: object keys sorted by UTF-16 code unit order, ' +
  'at every level; arrays kept in their order; strings, numbers, booleans and null written as ' +
  "JavaScript's JSON.stringify writes them; object members whose value is undefined left out. " +
  'seq is an integer starting at 1 with no gaps; at is an ISO-8601 UTC time with milliseconds ' +
  '(YYYY-MM-DDTHH:mm:ss.sssZ); subjectType and subjectId are strings or null; ' +
  'an absent payload is hashed as null.';

export type ChainProblem = 'payload_changed' | 'entry_missing' | 'order_changed' | 'prev_hash_mismatch' | 'head_mismatch' | 'malformed';

export type ChainVerification =
  | { ok: true; count: number; head: string }
  | {
      ok: false;
      /** First broken sequence number; 0 when no entry can be named (empty list, unreadable seq on the first entry). */
      seq: number;
      problem: ChainProblem;
      message: string;
    };

export interface VerifyChainOptions {
  /** The head hash recorded elsewhere (bundle header, printed receipt); the last entry must hash to it. */
  expectedHead?: string;
  /** For a window that does not start at seq 1: the hash of the entry just before the window. */
  startPrevHash?: string;
}

export interface AuditBundle {
  format: typeof BUNDLE_FORMAT;
  hashingRule: string;
  exportedAt: string;
  from: string | null;
  to: string | null;
  count: number;
  firstSeq: number | null;
  lastSeq: number | null;
  startPrevHash: string;
  headHash: string;
  entries: AuditEntryRecord[];
}

export interface BundleMeta {
  exportedAt: string;
  from?: string | null;
  to?: string | null;
  /** Only used when the window is empty: the head of the log before the window, so the bundle still anchors somewhere. */
  startPrevHash?: string;
}

export function canonicalJson(value: unknown): string {
  const out = writeCanonical(value, '', new Set<object>());
  if (out === undefined) {
    throw new TypeError('canonicalJson: the top-level value is undefined, which has no JSON form');
  }
  return out;
}

// Returns undefined for "no JSON form" (undefined, or a toJSON that yields it) so
// that object members can be dropped and array slots written as null, exactly
// like JSON.stringify: a payload then hashes the same before and after a
// round-trip through the database's jsonb column or a bundle file.
function writeCanonical(input: unknown, key: string, ancestors: Set<object>): string | undefined {
  let value = input;
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: (k: string) => unknown }).toJSON(key);
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) {
    value = value.valueOf();
  }

  switch (typeof value) {
    case 'undefined':
      return undefined;
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new TypeError(`canonicalJson: ${String(value)} is not a finite number (at "${key}")`);
      }
      return JSON.stringify(value);
    case 'bigint':
      throw new TypeError(`canonicalJson: bigint has no JSON form (at "${key}")`);
    case 'function':
      throw new TypeError(`canonicalJson: a function has no JSON form (at "${key}")`);
    case 'symbol':
      throw new TypeError(`canonicalJson: a symbol has no JSON form (at "${key}")`);
  }
  if (value === null) return 'null';

  const obj = value as object;
  // JSON.stringify would silently write {} for these and lose the evidence.
  if (obj instanceof Map || obj instanceof Set || obj instanceof WeakMap || obj instanceof WeakSet) {
    throw new TypeError(`canonicalJson: ${obj.constructor.name} has no JSON form; convert it first (at "${key}")`);
  }
  if (ancestors.has(obj)) {
    throw new TypeError(`canonicalJson: circular reference (at "${key}")`);
  }
  ancestors.add(obj);
  try {
    if (Array.isArray(obj)) {
      const parts: string[] = [];
      for (let i = 0; i < obj.length; i++) {
        parts.push(writeCanonical(obj[i], String(i), ancestors) ?? 'null');
      }
      return `[${parts.join(',')}]`;
    }
    const record = obj as Record<string, unknown>;
    const keys = Object.keys(record).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const parts: string[] = [];
    for (const k of keys) {
      const member = writeCanonical(record[k], k, ancestors);
      if (member !== undefined) parts.push(`${JSON.stringify(k)}:${member}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    ancestors.delete(obj);
  }
}

export function entryContent(e: AuditEntryContent): AuditEntryContent {
  return {
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    // undefined cannot survive jsonb or a JSON file, so it is hashed as what it comes back as.
    payload: e.payload === undefined ? null : e.payload,
  };
}

export function computeEntryHash(prevHash: string, content: AuditEntryContent): string {
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalJson(content)}`, 'utf8')
    .digest('hex');
}

/**
 * computeEntryHash in two steps: the canonical JSON of everything but the
 * entry's place in the chain (seq, at, prevHash) now, the hash once the place
 * is known. An append holds the chain lock between the two; a batch's payload
 * (every delivery of the batch) is written out before it, not while every
 * other writer waits. The members are written in canonicalJson's key order.
 */
export function prepareEntryHash(content: Omit<AuditEntryContent, 'seq' | 'at'>): (prevHash: string, seq: number, at: string) => string {
  const payload = writeCanonical(content.payload, 'payload', new Set<object>());
  const head = `{"action":${JSON.stringify(content.action)},"actor":${JSON.stringify(content.actor)},"at":`;
  const tail = `,"subjectId":${JSON.stringify(content.subjectId)},"subjectType":${JSON.stringify(content.subjectType)}}`;
  return (prevHash, seq, at) => {
    const placed = `${head}${JSON.stringify(at)}${payload === undefined ? '' : `,"payload":${payload}`},"seq":${canonicalJson(seq)}${tail}`;
    return createHash('sha256').update(`${prevHash}\n${placed}`, 'utf8').digest('hex');
  };
}

const HASH_RE = /^[0-9a-f]{64}$/;
const AT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isSeq(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
}

// Why a field is unusable, or null when the entry has the expected shape.
function shapeProblem(e: Record<string, unknown>): string | null {
  if (typeof e.at !== 'string' || !AT_RE.test(e.at) || Number.isNaN(Date.parse(e.at)) || new Date(e.at).toISOString() !== e.at) {
    return '"at" must be an ISO-8601 UTC time with milliseconds, like 2026-11-28T14:03:05.123Z';
  }
  if (typeof e.actor !== 'string') return '"actor" must be a string';
  if (typeof e.action !== 'string') return '"action" must be a string';
  if (e.subjectType !== null && typeof e.subjectType !== 'string') return '"subjectType" must be a string or null';
  if (e.subjectId !== null && typeof e.subjectId !== 'string') return '"subjectId" must be a string or null';
  if (typeof e.prevHash !== 'string' || !HASH_RE.test(e.prevHash)) return '"prevHash" must be 64 lowercase hexadecimal characters';
  if (typeof e.hash !== 'string' || !HASH_RE.test(e.hash)) return '"hash" must be 64 lowercase hexadecimal characters';
  try {
    canonicalJson(e.payload === undefined ? null : e.payload);
  } catch (err) {
    return `"payload" cannot be written as JSON (${(err as Error).message})`;
  }
  return null;
}

function broken(seq: number, problem: ChainProblem, message: string): ChainVerification {
  return { ok: false, seq, problem, message };
}

/**
 * Recomputes the chain and stops at the first problem, naming the first broken
 * sequence number. Checks per entry, in this order: shape, its own hash (so a
 * rewritten entry is reported as changed content, whatever else it breaks),
 * its place in the sequence, then its link to the previous entry.
 */
export function verifyChain(entries: readonly AuditEntryRecord[], opts: VerifyChainOptions = {}): ChainVerification {
  const list = entries as readonly unknown[];
  const seen = new Set<number>();
  let prev: AuditEntryRecord | null = null;

  for (let i = 0; i < list.length; i++) {
    const raw = list[i];
    const where = (): string => (prev ? `the entry after entry ${prev.seq}` : 'the first entry');
    if (!isRecord(raw)) {
      return broken(prev ? prev.seq + 1 : 0, 'malformed', `${where()} (position ${i + 1}) is not an object`);
    }
    if (!isSeq(raw.seq)) {
      return broken(prev ? prev.seq + 1 : 0, 'malformed', `${where()} (position ${i + 1}) has no usable seq: it must be a positive integer`);
    }
    const seq = raw.seq;
    const shape = shapeProblem(raw);
    if (shape) {
      return broken(seq, 'malformed', `entry ${seq} is malformed: ${shape}`);
    }
    const e = raw as unknown as AuditEntryRecord;

    if (computeEntryHash(e.prevHash, entryContent(e)) !== e.hash) {
      return broken(seq, 'payload_changed', `entry ${seq}: its content no longer matches its hash (payload or fields changed)`);
    }

    if (seen.has(seq)) {
      return broken(seq, 'malformed', `entry ${seq} appears twice in the list`);
    }
    seen.add(seq);

    // A bundle anchored on the genesis hash claims to start at the beginning of
    // the log, so its first entry must be entry 1; any other window may start anywhere.
    const expected = prev ? prev.seq + 1 : opts.startPrevHash === GENESIS_HASH ? 1 : seq;
    if (prev && seq < expected) {
      return broken(seq, 'order_changed', `entries ${seq} and ${prev.seq} are out of order: entry ${prev.seq} comes before entry ${seq}`);
    }
    if (seq > expected) {
      // A gap whose missing entry turns up further down is a reordering, not a removal.
      if (list.slice(i + 1).some((x) => isRecord(x) && x.seq === expected)) {
        return broken(expected, 'order_changed', `entries ${expected} and ${seq} are out of order: entry ${seq} comes before entry ${expected}`);
      }
      const gap = seq === expected + 1 ? `entry ${expected} is missing` : `entries ${expected} to ${seq - 1} are missing`;
      const before = prev ? `entry ${prev.seq} is followed by entry ${seq}` : `the log starts with entry ${seq}`;
      return broken(expected, 'entry_missing', `${gap}: ${before}`);
    }

    if (prev === null) {
      if (seq === 1 && e.prevHash !== GENESIS_HASH) {
        return broken(seq, 'prev_hash_mismatch', 'entry 1 starts the log but its prevHash is not the genesis hash (64 zeros)');
      }
      if (opts.startPrevHash !== undefined && e.prevHash !== opts.startPrevHash) {
        return broken(seq, 'prev_hash_mismatch', `entry ${seq} does not continue from the expected starting hash: its prevHash differs from the bundle's startPrevHash`);
      }
    } else if (e.prevHash !== prev.hash) {
      return broken(seq, 'prev_hash_mismatch', `entry ${seq} does not continue the chain: its prevHash is not the hash of entry ${prev.seq} (an entry was replaced or re-hashed)`);
    }
    prev = e;
  }

  const head = prev ? prev.hash : (opts.startPrevHash ?? GENESIS_HASH);
  if (opts.expectedHead !== undefined && head !== opts.expectedHead) {
    const message = prev
      ? `the chain ends at entry ${prev.seq} but its hash is not the expected head hash (the head hash was altered, or entries after ${prev.seq} were removed)`
      : 'the list is empty but the expected head hash is not its starting hash';
    return broken(prev ? prev.seq : 0, 'head_mismatch', message);
  }
  return { ok: true, count: list.length, head };
}

export function buildBundle(entries: readonly AuditEntryRecord[], meta: BundleMeta): AuditBundle {
  // Copy only the chained fields: database columns such as ids must not leak into evidence files.
  const copied = entries.map((e) => ({
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    payload: e.payload === undefined ? null : e.payload,
    prevHash: e.prevHash,
    hash: e.hash,
  }));
  const first = copied[0];
  const last = copied[copied.length - 1];
  const startPrevHash = first ? first.prevHash : (meta.startPrevHash ?? GENESIS_HASH);
  return {
    format: BUNDLE_FORMAT,
    hashingRule: HASHING_RULE,
    exportedAt: meta.exportedAt,
    from: meta.from ?? null,
    to: meta.to ?? null,
    count: copied.length,
    firstSeq: first ? first.seq : null,
    lastSeq: last ? last.seq : null,
    startPrevHash,
    headHash: last ? last.hash : startPrevHash,
    entries: copied,
  };
}
