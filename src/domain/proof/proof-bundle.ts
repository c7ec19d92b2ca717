import { AuditEntryRecord, HASHING_RULE } from '../audit/audit-chain';
import type { CommitmentSettings } from '../events/commitment-clocks';

/**
 * The proof bundle of one event (DESIGN section 8, "proof that travels"): every
 * audit entry of the event in full, the consecutive chain segment that links
 * them from the event's first entry to the head of the log, the commitments as
 * the API computed them with the `now` and the settings used, and the
 * providers' receipts. scripts/audit-verify.ts checks all of it offline
 * (verifyProofBundle in proof-verify.ts).
 */

export const PROOF_FORMAT = 'prefecture-proof-bundle/1';

export const SEGMENT_RULE =
  '"segment" is every entry of the audit log from the first entry of the event to the head of the log at export, ' +
  'in seq order with no gap. An entry of the event is given in full (seq, at, actor, action, subjectType, subjectId, ' +
  'payload, prevHash, hash) and its hash is recomputed with hashingRule. Any other entry (it may be about another ' +
  'event) is given only as a link {seq, prevHash, hash}: its content stays private, but its prevHash must be the ' +
  'hash of the item before it and its hash the prevHash of the item after it. Since every full entry hashes its own ' +
  'prevHash, a link cannot be dropped, edited or inserted without breaking the next full entry or the head hash. ' +
  'The first item continues from startPrevHash; the last item hashes to headHash, the value the prefecture keeps ' +
  'elsewhere. An entry of the event is about the event when subjectType is "event" and subjectId its id, or ' +
  'payload.eventId is its id.';

export const PROVIDER_PROOFS_RULE =
  'One item per delivery of the event that holds a provider receipt (SMTP message id and reply, SMS job id, post id ' +
  'and URL, public page URL). Each item must equal the last result recorded for that delivery in a full entry of the ' +
  'segment (payload.results[] of delivery.results and the like: deliveryId, channel, audience, status, proof, acceptedAt ' +
  "when the entry records it; the entry's subjectId is the messageId), and every such result with a receipt must be listed.";

export interface ChainLink {
  seq: number;
  prevHash: string;
  hash: string;
}

export type SegmentItem = AuditEntryRecord | ChainLink;

/** A commitment as GET /api/events/:id/commitments shows it (commitmentView). */
export interface CommitmentShown {
  key: string;
  status: string;
  durationMinutes: number;
  startedAt: string | null;
  dueAt: string | null;
  metAt: string | null;
  elapsedMinutes: number | null;
  minutesLeft: number | null;
  manual: boolean;
  [other: string]: unknown;
}

export interface ProviderProof {
  deliveryId: string;
  messageId: string;
  channel: string;
  audience: string;
  status: string;
  acceptedAt: string | null;
  proof: Record<string, string>;
}

export interface ProofBundle {
  format: typeof PROOF_FORMAT;
  hashingRule: string;
  segmentRule: string;
  exportedAt: string;
  eventId: string;
  /** The event as the API shows it; its clock times and identity are checked against the entries. */
  event: Record<string, unknown>;
  firstSeq: number;
  lastSeq: number;
  /** Items in the segment, full entries plus links. */
  count: number;
  entryCount: number;
  linkCount: number;
  startPrevHash: string;
  headHash: string;
  segment: SegmentItem[];
  /** The time the commitments were computed at (the database clock). */
  now: string;
  settings: CommitmentSettings;
  commitments: CommitmentShown[];
  providerProofsRule: string;
  providerProofs: ProviderProof[];
}

export interface SegmentRow extends AuditEntryRecord {
  /** The entry is about the event: it goes in full. */
  ofEvent: boolean;
}

export interface ProofInput {
  eventId: string;
  event: Record<string, unknown>;
  /** From the event's first entry to the head, in seq order. */
  rows: readonly SegmentRow[];
  exportedAt: string;
  now: string;
  settings: CommitmentSettings;
  commitments: CommitmentShown[];
  providerProofs: ProviderProof[];
}

export function buildProofBundle(input: ProofInput): ProofBundle {
  const first = input.rows[0];
  const last = input.rows[input.rows.length - 1];
  if (!first || !first.ofEvent) throw new Error('a proof segment starts with an entry of the event');
  const segment: SegmentItem[] = input.rows.map((r) =>
    r.ofEvent
      ? { seq: r.seq, at: r.at, actor: r.actor, action: r.action, subjectType: r.subjectType, subjectId: r.subjectId, payload: r.payload ?? null, prevHash: r.prevHash, hash: r.hash }
      : { seq: r.seq, prevHash: r.prevHash, hash: r.hash },
  );
  const entryCount = input.rows.filter((r) => r.ofEvent).length;
  return {
    format: PROOF_FORMAT,
    hashingRule: HASHING_RULE,
    segmentRule: SEGMENT_RULE,
    exportedAt: input.exportedAt,
    eventId: input.eventId,
    event: input.event,
    firstSeq: first.seq,
    lastSeq: last.seq,
    count: segment.length,
    entryCount,
    linkCount: segment.length - entryCount,
    startPrevHash: first.prevHash,
    headHash: last.hash,
    segment,
    now: input.now,
    settings: { durationMinutes: { ...input.settings.durationMinutes } },
    commitments: input.commitments,
    providerProofsRule: PROVIDER_PROOFS_RULE,
    providerProofs: input.providerProofs,
  };
}
