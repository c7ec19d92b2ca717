import { AuditEntryRecord, canonicalJson, GENESIS_HASH, verifyChain } from '../audit/audit-chain';
import { Commitment, COMMITMENT_KEYS, CommitmentKey, CommitmentSettings, computeCommitments, DEFAULT_COMMITMENT_SETTINGS } from '../events/commitment-clocks';
import { formatParis, formatParisTime, parisDay } from '../time/paris-time';
import { belongsToEvent, DerivedFacts, deriveCommitmentFacts } from './commitment-facts';
import { CommitmentShown, ProviderProof } from './proof-bundle';

/**
 * The offline check of a proof bundle, pure: the chain segment (full entries
 * rehashed, links consecutive, head hash), the commitments recomputed from the
 * entries with computeCommitments and the bundle's settings and `now`, the
 * provider receipts against the delivery results in the entries, and the
 * event summary's identity and clock times. Stops at the first problem and
 * names it: a seq, a commitment key or a delivery id.
 */
export type ProofCheck = { result: 'ok'; lines: string[] } | { result: 'broken'; line: string } | { result: 'unreadable'; message: string };

const ENTRY_FIELDS = ['seq', 'at', 'actor', 'action', 'subjectType', 'subjectId', 'payload', 'prevHash', 'hash'];
const LINK_FIELDS = ['seq', 'prevHash', 'hash'];
const HASH_RE = /^[0-9a-f]{64}$/;
const ISO_MS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** The fields of a shown commitment that the recomputation must give back, byte for byte. */
const COMPARED = ['durationMinutes', 'status', 'startedAt', 'dueAt', 'metAt', 'elapsedMinutes', 'minutesLeft', 'manual'] as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
const sameKeys = (o: Record<string, unknown>, keys: readonly string[]) => Object.keys(o).length === keys.length && keys.every((k) => k in o);
const broken = (message: string): ProofCheck => ({ result: 'broken', line: `BROKEN: ${message}` });
const brokenAt = (seq: number, message: string): ProofCheck => ({ result: 'broken', line: `BROKEN at seq ${seq}: ${message}` });
const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

export function verifyProofBundle(raw: unknown): ProofCheck {
  if (!isRecord(raw)) return { result: 'unreadable', message: 'it is not a JSON object' };
  const b = raw;
  const need: [string, boolean][] = [
    ['"segment" (a list)', Array.isArray(b.segment)],
    ['"headHash"', typeof b.headHash === 'string'],
    ['"startPrevHash"', typeof b.startPrevHash === 'string'],
    ['"eventId"', typeof b.eventId === 'string'],
    ['"event" (an object)', isRecord(b.event)],
    ['"now"', typeof b.now === 'string'],
    ['"settings" (an object)', isRecord(b.settings) && isRecord(b.settings.durationMinutes)],
    ['"commitments" (a list)', Array.isArray(b.commitments)],
    ['"providerProofs" (a list)', Array.isArray(b.providerProofs)],
  ];
  const missing = need.filter(([, ok]) => !ok).map(([name]) => name);
  if (missing.length) return { result: 'unreadable', message: `it is not a complete proof bundle: it needs ${missing.join(', ')}` };
  const eventId = b.eventId as string;
  const segment = b.segment as unknown[];

  const chain = verifySegment(segment, b.startPrevHash as string, b.headHash as string);
  if (chain) return chain;
  const items = segment as (AuditEntryRecord | { seq: number; prevHash: string; hash: string })[];
  const entries = items.filter((i): i is AuditEntryRecord => 'action' in i);

  const first = items[0];
  const last = items[items.length - 1];
  const header = { firstSeq: first.seq, lastSeq: last.seq, count: items.length, entryCount: entries.length, linkCount: items.length - entries.length };
  for (const [k, v] of Object.entries(header)) {
    if (b[k] !== v) return brokenAt(k === 'firstSeq' ? first.seq : last.seq, `the bundle header says ${k} ${show(b[k])} but the segment holds ${v}`);
  }
  if (!('action' in first)) return brokenAt(first.seq, `the segment must start with the first entry of event ${eventId}, not a link`);
  const stranger = entries.find((e) => !belongsToEvent(e, eventId));
  if (stranger) return brokenAt(stranger.seq, `entry ${stranger.seq} is given in full but is not about event ${eventId}`);

  // `now` and the settings are not in the chain: `now` cannot predate the record, the durations are printed.
  const now = ISO_MS_RE.test(b.now as string) ? new Date(b.now as string) : null;
  if (!now || Number.isNaN(now.getTime())) return broken(`"now" must be an ISO-8601 UTC time with milliseconds, found ${show(b.now)}`);
  const late = entries.find((e) => Date.parse(e.at) > now.getTime());
  if (late) return brokenAt(late.seq, `the bundle says its commitments were computed at ${b.now as string}, before entry ${late.seq} was written (${late.at})`);
  const settings = b.settings as CommitmentSettings;

  const derived = deriveCommitmentFacts(eventId, entries);
  let computed: Commitment[];
  try {
    computed = computeCommitments(derived.facts, settings, now);
  } catch (e) {
    return broken(`settings: ${(e as Error).message}`);
  }
  const commitments = checkCommitments(b.commitments as unknown[], computed, derived);
  if (commitments.problem) return broken(commitments.problem);

  const proofs = checkProviderProofs(b.providerProofs as unknown[], entries);
  if (proofs.problem) return broken(proofs.problem);

  const summary = checkSummary(b.event as Record<string, unknown>, eventId, entries, derived);
  if (summary) return broken(summary);

  const notes: string[] = [];
  const changed = COMMITMENT_KEYS.filter((k) => settings.durationMinutes[k] !== DEFAULT_COMMITMENT_SETTINGS.durationMinutes[k]);
  if (changed.length) notes.push(`note: computed with ${changed.map((k) => `${k} ${settings.durationMinutes[k]} min`).join(', ')}; the published commitments are 60 min`);
  if (proofs.unboundTimes) notes.push(`note: ${proofs.unboundTimes} provider receipt(s) come from entries written before acceptedAt was recorded: their acceptance time is not checked`);
  const unknown = commitments.unknownCount;
  return {
    result: 'ok',
    lines: [
      ...commitments.lines,
      ...notes,
      `OK event ${eventId}: ${entries.length} entries and ${items.length - entries.length} links, seq ${first.seq} to ${last.seq}, head ${last.hash}; ` +
        `${COMMITMENT_KEYS.length - unknown} of ${COMMITMENT_KEYS.length} commitments recomputed${unknown ? ` (${unknown} cannot be recomputed from this bundle)` : ''}; ` +
        `${proofs.count} provider receipt(s) bound to their entries`,
    ],
  };
}

/** Null when the segment is a sound, consecutive piece of the chain ending at headHash. */
function verifySegment(list: unknown[], startPrevHash: string, headHash: string): ProofCheck | null {
  if (list.length === 0) return brokenAt(0, 'the segment is empty');
  let prev: { seq: number; hash: string; link: boolean } | null = null;
  for (let i = 0; i < list.length; i++) {
    const raw = list[i];
    const after = prev ? `the item after seq ${prev.seq}` : 'the first item';
    if (!isRecord(raw)) return brokenAt(prev ? prev.seq + 1 : 0, `${after} (position ${i + 1}) is not an object`);
    if (!isSeq(raw.seq)) return brokenAt(prev ? prev.seq + 1 : 0, `${after} (position ${i + 1}) has no usable seq`);
    const seq = raw.seq;
    const link = sameKeys(raw, LINK_FIELDS);
    const name = `${link ? 'link' : 'entry'} ${seq}`;
    if (link) {
      if (typeof raw.prevHash !== 'string' || !HASH_RE.test(raw.prevHash) || typeof raw.hash !== 'string' || !HASH_RE.test(raw.hash)) {
        return brokenAt(seq, `link ${seq} is malformed: prevHash and hash must be 64 lowercase hexadecimal characters`);
      }
    } else {
      const extra = Object.keys(raw).filter((k) => !ENTRY_FIELDS.includes(k));
      if (extra.length || !ENTRY_FIELDS.every((k) => k in raw)) {
        return brokenAt(seq, `item ${seq} is neither a full entry (${ENTRY_FIELDS.join(', ')}) nor a link (${LINK_FIELDS.join(', ')})`);
      }
      // One entry on its own: its shape and its own hash (which covers its prevHash).
      const own = verifyChain([raw as unknown as AuditEntryRecord], seq === 1 ? {} : { startPrevHash: raw.prevHash as string });
      if (!own.ok) return brokenAt(own.seq || seq, own.message);
    }
    const prevHash = raw.prevHash as string;
    if (prev) {
      if (seq <= prev.seq) return brokenAt(seq, `items out of order: seq ${seq} comes after seq ${prev.seq}`);
      if (seq > prev.seq + 1) {
        const gap = seq === prev.seq + 2 ? `seq ${prev.seq + 1} is missing` : `seq ${prev.seq + 1} to ${seq - 1} are missing`;
        return brokenAt(prev.seq + 1, `${gap} (an entry or a link was dropped): ${prev.link ? 'link' : 'entry'} ${prev.seq} is followed by ${name}`);
      }
      if (prevHash !== prev.hash) {
        // A full entry whose own hash holds proves its prevHash: the item before it is the one altered.
        if (!link && prev.link) return brokenAt(prev.seq, `link ${prev.seq} was altered: its hash is not the prevHash of entry ${seq}, which entry ${seq}'s own hash covers`);
        return brokenAt(seq, `${name} does not continue the chain: its prevHash is not the hash of ${prev.link ? 'link' : 'entry'} ${prev.seq} (an item was replaced, re-hashed or edited)`);
      }
    } else {
      if (seq === 1 && prevHash !== GENESIS_HASH) return brokenAt(1, 'entry 1 starts the log but its prevHash is not the genesis hash (64 zeros)');
      if (prevHash !== startPrevHash) return brokenAt(seq, `${name} does not continue from the bundle's startPrevHash`);
    }
    prev = { seq, hash: raw.hash as string, link };
  }
  if (prev!.hash !== headHash) {
    return brokenAt(prev!.seq, `the segment ends at seq ${prev!.seq} but its hash is not the bundle's headHash (the head hash was altered, or items after ${prev!.seq} were removed)`);
  }
  return null;
}

function viewOf(c: Commitment): Record<(typeof COMPARED)[number], unknown> {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    durationMinutes: c.durationMinutes,
    status: c.status,
    startedAt: iso(c.startedAt),
    dueAt: iso(c.dueAt),
    metAt: iso(c.metAt),
    elapsedMinutes: c.elapsedMinutes,
    minutesLeft: c.minutesLeft,
    manual: c.manual,
  };
}

function checkCommitments(shown: unknown[], computed: Commitment[], derived: DerivedFacts) {
  const lines: string[] = [];
  const keys = shown.map((c) => (isRecord(c) ? c.key : undefined));
  if (keys.length !== COMMITMENT_KEYS.length || COMMITMENT_KEYS.some((k, i) => keys[i] !== k)) {
    return { problem: `commitments: the bundle lists ${show(keys)}, expected the five clocks ${COMMITMENT_KEYS.join(', ')} in this order`, lines, unknownCount: 0 };
  }
  let unknownCount = 0;
  for (const [i, key] of COMMITMENT_KEYS.entries()) {
    const c = shown[i] as CommitmentShown;
    const why = derived.unknown[key];
    if (why) {
      unknownCount++;
      lines.push(`${key} ${String(c.status)} as the bundle says — cannot recompute from this bundle: ${why}`);
      continue;
    }
    const expected = viewOf(computed[i]);
    const from = derived.sources[key]?.length ? ` (from entries ${derived.sources[key]!.join(', ')})` : '';
    for (const field of COMPARED) {
      if (canonicalJson(c[field] ?? null) !== canonicalJson(expected[field])) {
        const says = field === 'status' ? `says ${String(c.status)} but its entries give ${String(expected.status)}` : `says ${field} ${show(c[field])} but its entries give ${show(expected[field])}`;
        return { problem: `commitment ${key}: the bundle ${says}${from}`, lines, unknownCount };
      }
    }
    lines.push(commitmentLine(computed[i], derived));
  }
  return { problem: null, lines, unknownCount };
}

function when(d: Date, ref: Date | null): string {
  return ref && parisDay(d) === parisDay(ref) ? formatParisTime(d) : formatParis(d);
}

/** `C1 met 42.0 min (cell called 02:14, operational 02:56 Paris)` */
export function commitmentLine(c: Commitment, derived?: Pick<DerivedFacts, 'means'>): string {
  const key: CommitmentKey = c.key;
  const start = c.startedAt;
  const startName = key === 'C1' ? 'cell called' : key === 'C4' ? 'CIP ordered' : 'COD decided';
  const factName = key === 'C1' ? 'operational' : key === 'C4' ? 'opened' : 'first accepted';
  const means = c.key !== 'C1' && c.key !== 'C4' ? derived?.means?.[c.facts.audience] : undefined;
  const manual = c.manual ? ', manual fact' : '';
  if (c.status === 'not_started' || !start || !c.dueAt) {
    const why = key === 'C1' ? 'the cell was not called' : key === 'C4' ? 'no CIP order' : 'the COD is not activated';
    return `${key} not started (${why})`;
  }
  if (c.metAt) {
    return `${key} ${c.status} ${c.elapsedMinutes!.toFixed(1)} min (${startName} ${when(start, null)}, ${factName} ${when(c.metAt, start)} Paris${means ? `, ${means}` : ''}${manual}; due ${when(c.dueAt, start)})`;
  }
  const left = c.minutesLeft ?? 0;
  return c.status === 'pending'
    ? `${key} pending (${startName} ${when(start, null)} Paris, due ${when(c.dueAt, start)}, ${left.toFixed(1)} min left)`
    : `${key} missed (${startName} ${when(start, null)} Paris, due ${when(c.dueAt, start)}, nothing ${factName === 'first accepted' ? 'accepted' : factName} yet, ${(-left).toFixed(1)} min overdue)`;
}

/** The last result recorded for each delivery in the entries, with the entry it is in. */
function lastResults(entries: readonly AuditEntryRecord[]) {
  const out = new Map<string, { entry: AuditEntryRecord; result: Record<string, unknown> }>();
  for (const entry of entries) {
    const results = isRecord(entry.payload) ? entry.payload.results : undefined;
    if (!Array.isArray(results)) continue;
    for (const r of results) if (isRecord(r) && typeof r.deliveryId === 'string') out.set(r.deliveryId, { entry, result: r });
  }
  return out;
}

function checkProviderProofs(list: unknown[], entries: readonly AuditEntryRecord[]) {
  const last = lastResults(entries);
  const seen = new Set<string>();
  let unboundTimes = 0;
  for (const [i, raw] of list.entries()) {
    if (!isRecord(raw) || typeof raw.deliveryId !== 'string') return { problem: `provider proof ${i + 1}: it has no deliveryId`, count: 0, unboundTimes };
    const p = raw as unknown as ProviderProof;
    const label = `provider proof of delivery ${p.deliveryId} (${String(p.channel)}, ${String(p.audience)})`;
    if (seen.has(p.deliveryId)) return { problem: `${label}: listed twice`, count: 0, unboundTimes };
    seen.add(p.deliveryId);
    const found = last.get(p.deliveryId);
    if (!found) return { problem: `${label}: no entry of the bundle records this delivery`, count: 0, unboundTimes };
    const { entry, result } = found;
    const expected: Record<string, unknown> = { messageId: entry.subjectId, channel: result.channel, audience: result.audience, status: result.status, proof: result.proof ?? null };
    if ('acceptedAt' in result) expected.acceptedAt = result.acceptedAt;
    else unboundTimes++;
    for (const [field, value] of Object.entries(expected)) {
      const given = (p as unknown as Record<string, unknown>)[field];
      if (canonicalJson(given ?? null) !== canonicalJson(value ?? null)) {
        return { problem: `${label}: the bundle says ${field} ${show(given)} but entry ${entry.seq} (${entry.action}) says ${show(value)}`, count: 0, unboundTimes };
      }
    }
  }
  for (const [deliveryId, { entry, result }] of last) {
    if (result.proof && !seen.has(deliveryId)) {
      return {
        problem: `provider proof of delivery ${deliveryId} (${String(result.channel)}, ${String(result.audience)}): entry ${entry.seq} records a receipt that providerProofs leaves out`,
        count: 0,
        unboundTimes,
      };
    }
  }
  return { problem: null, count: seen.size, unboundTimes };
}

/** The summary's identity and clock times must be those of the entries; its other fields are informative. */
function checkSummary(event: Record<string, unknown>, eventId: string, entries: readonly AuditEntryRecord[], derived: DerivedFacts): string | null {
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  const pick = (path: string): unknown => path.split('.').reduce<unknown>((o, k) => (isRecord(o) ? o[k] : undefined), event);
  const created = entries.find((e) => e.action === 'event.created' && e.subjectType === 'event' && e.subjectId === eventId);
  const createdPayload = created && isRecord(created.payload) ? created.payload : {};
  const expected: [string, unknown, string][] = [
    ['id', eventId, 'the bundle'],
    ...(created ? (['title', 'kind', 'mode'] as const).map((k): [string, unknown, string] => [k, createdPayload[k], `entry ${created.seq}`]) : []),
    ['status', entries.some((e) => e.action === 'event.closed' && e.subjectId === eventId) ? 'closed' : derived.facts.codDecidedAt ? 'cod_active' : 'open', 'the entries'],
  ];
  const f = derived.facts;
  if (!derived.unknown['C2-elected']) expected.push(['cod.decidedAt', iso(f.codDecidedAt), 'the entries']);
  if (!derived.unknown.C1) expected.push(['cell.calledAt', iso(f.cellCalledAt), 'the entries'], ['cell.operationalAt', iso(f.cellOperationalAt), 'the entries']);
  if (!derived.unknown.C4) expected.push(['cip.orderedAt', iso(f.cipOrderedAt), 'the entries'], ['cip.openedAt', iso(f.cipOpenedAt), 'the entries']);
  for (const [path, value, source] of expected) {
    const given = pick(path);
    if (canonicalJson(given ?? null) !== canonicalJson(value ?? null))
      return `event summary: the bundle says ${path} ${show(given)} but ${source} say${source.startsWith('entry') ? 's' : ''} ${show(value)}`;
  }
  return null;
}
