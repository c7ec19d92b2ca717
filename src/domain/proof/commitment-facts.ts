import type { AuditEntryContent } from '../audit/audit-chain';
import { AcceptedFact, Audience, AUDIENCES, CommitmentFacts, CommitmentKey, earliestFact } from '../events/commitment-clocks';

/**
 * The facts behind the five clocks, read back from the audit entries of one
 * event alone, so that an offline verifier can recompute the commitments with
 * the same pure function as the API (computeCommitments). Each fact comes from
 * the entry written in the same transaction as the event row it mirrors:
 *
 *   COD decided at        event.cod_activated  payload.decidedAt (the decision, not its recording)
 *   cell called at        the first cell.called, payload.calledAt (the first call starts C1)
 *   cell operational at   cell.operational     payload.at
 *   C2 per audience       event.fact_recorded  payload.audience, occurredAt, manual (the earliest;
 *                         on a tie the channel's acceptance wins over a manual fact, as in the API)
 *   CIP ordered / opened  event.cip_ordered    payload.orderedAt; event.cip_opened payload.openedAt
 *
 * Only entries whose subject is the event count (subjectType 'event',
 * subjectId the event's id). A needed time that is absent or unreadable makes
 * that clock "cannot be recomputed": it is never guessed from the entry's own
 * `at`, which is the recording time, not the fact's.
 */

export interface DerivedFacts {
  facts: CommitmentFacts;
  /** Per clock, why it cannot be recomputed from these entries. */
  unknown: Partial<Record<CommitmentKey, string>>;
  /** Per clock, the sequence numbers of the entries its facts were read from. */
  sources: Partial<Record<CommitmentKey, number[]>>;
  /** Per audience, how the first fact reached it ("email", "phone"...), when the entry says. */
  means: Partial<Record<Audience, string>>;
}

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function timeOf(e: AuditEntryContent, field: string): Date | null {
  const v = isRecord(e.payload) ? e.payload[field] : undefined;
  if (typeof v !== 'string' || !ISO_RE.test(v)) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

const describe = (e: AuditEntryContent) => `entry ${e.seq} (${e.action})`;

/** Whether an entry is about the event: the rule of the event's timeline. */
export function belongsToEvent(e: Pick<AuditEntryContent, 'subjectType' | 'subjectId' | 'payload'>, eventId: string): boolean {
  if (e.subjectType === 'event' && e.subjectId === eventId) return true;
  return isRecord(e.payload) && e.payload.eventId === eventId;
}

export function deriveCommitmentFacts(eventId: string, entries: readonly AuditEntryContent[]): DerivedFacts {
  const own = entries.filter((e) => e.subjectType === 'event' && e.subjectId === eventId);
  const of = (action: string) => own.filter((e) => e.action === action);
  const facts: CommitmentFacts = { firstAccepted: {} };
  const unknown: DerivedFacts['unknown'] = {};
  const sources: DerivedFacts['sources'] = {};
  const means: DerivedFacts['means'] = {};
  const C2_KEYS = AUDIENCES.map((a) => `C2-${a}` as const);

  /** The single entry of a once-only decision and the time it records; a problem marks `keys` unknown. */
  const once = (action: string, field: string, keys: readonly CommitmentKey[]): Date | null => {
    const list = of(action);
    if (list.length === 0) return null;
    const fail = (why: string) => {
      for (const k of keys) unknown[k] ??= why;
      return null;
    };
    if (list.length > 1) return fail(`entries ${list.map((e) => e.seq).join(' and ')} all record ${action}, which happens once`);
    const at = timeOf(list[0], field);
    for (const k of keys) sources[k] = [...(sources[k] ?? []), list[0].seq];
    return at ?? fail(`${describe(list[0])} has no readable ${field}`);
  };

  facts.codDecidedAt = once('event.cod_activated', 'decidedAt', C2_KEYS);
  facts.cellOperationalAt = once('cell.operational', 'at', ['C1']);
  facts.cipOrderedAt = once('event.cip_ordered', 'orderedAt', ['C4']);
  facts.cipOpenedAt = once('event.cip_opened', 'openedAt', ['C4']);

  // The cell may be called again (re-paging); only the first call starts C1.
  const [firstCall] = of('cell.called');
  if (firstCall) {
    sources.C1 = [firstCall.seq, ...(sources.C1 ?? [])];
    const calledAt = timeOf(firstCall, 'calledAt');
    if (!calledAt) unknown.C1 ??= `${describe(firstCall)} has no readable calledAt`;
    else if (isRecord(firstCall.payload) && firstCall.payload.c1Started === false) unknown.C1 ??= `${describe(firstCall)} is the first call but says it did not start C1`;
    facts.cellCalledAt = calledAt;
  } else {
    facts.cellCalledAt = null;
  }

  for (const audience of AUDIENCES) {
    const key = `C2-${audience}` as const;
    const list = of('event.fact_recorded').filter((e) => isRecord(e.payload) && e.payload.audience === audience);
    const found: { fact: AcceptedFact; entry: AuditEntryContent }[] = [];
    for (const e of list) {
      const at = timeOf(e, 'occurredAt');
      const manual = (e.payload as Record<string, unknown>).manual;
      if (!at) unknown[key] ??= `${describe(e)} has no readable occurredAt`;
      else if (typeof manual !== 'boolean') unknown[key] ??= `${describe(e)} does not say whether the fact was manual`;
      else found.push({ fact: { at, manual }, entry: e });
    }
    const first = earliestFact(found.map((f) => f.fact));
    facts.firstAccepted![audience] = first;
    if (first) {
      const entry = found.find((f) => f.fact === first)!.entry;
      sources[key] = [...(sources[key] ?? []), entry.seq];
      const m = (entry.payload as Record<string, unknown>).means;
      if (typeof m === 'string') means[audience] = m;
    }
  }
  return { facts, unknown, sources, means };
}
