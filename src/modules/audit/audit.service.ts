import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditEntryRecord, GENESIS_HASH, buildBundle, prepareEntryHash } from '../../domain/audit/audit-chain';
import { redactSecrets } from '../../common/redact';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditRow, AuditStore } from './audit.store';

export interface AuditInput {
  /** A user name, `system`, or `anonymous` for requests without a session. */
  actor: string;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  payload?: Record<string, unknown>;
}

export interface AuditQuery {
  subjectType?: string;
  subjectId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

/**
 * What is hashed must be exactly what jsonb gives back: a JSON round-trip, and
 * no NUL character (jsonb refuses it). Returns the value and its JSON text, which is what the row stores.
 */
function asStoredJson(value: unknown): { value: unknown; json: string } {
  // A batch's entry holds thousands of strings: only one holding a NUL is rewritten, not each by a RegExp replace.
  const json = JSON.stringify(value, (_k, v) => (typeof v === 'string' && v.includes('\0') ? v.replaceAll('\0', '') : v));
  return { value: JSON.parse(json), json };
}

export function toRecord(e: AuditEntryEntity): AuditEntryRecord {
  return {
    seq: Number(e.seq),
    at: new Date(e.at).toISOString(),
    actor: e.actor,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    payload: e.payload,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

@Injectable()
export class AuditService {
  constructor(private readonly store: AuditStore) {}

  /**
   * Appends one entry. Pass the caller's transaction manager so the entry commits
   * (or rolls back) with the change it records. The chain lock is held until that
   * transaction ends: appends are serialised, which is what keeps the chain linear.
   */
  async append(input: AuditInput, manager?: EntityManager): Promise<AuditEntryRecord> {
    if (!manager) return this.store.transaction((m) => this.append(input, m));
    // Prepared before the chain lock: a batch's payload lists every delivery, and the lock serialises every writer.
    const payload = asStoredJson(redactSecrets(input.payload ?? {}));
    const fields = { actor: input.actor, action: input.action, subjectType: input.subjectType ?? null, subjectId: input.subjectId ?? null, payload: payload.value };
    const hashAt = prepareEntryHash(fields);
    const { last, at } = await this.store.lockChain(manager);
    const content = { seq: last ? last.seq + 1 : 1, at: at.toISOString(), ...fields };
    const prevHash = last ? last.hash : GENESIS_HASH;
    const hash = hashAt(prevHash, content.seq, content.at);
    await this.store.insert(manager, { ...content, payloadJson: payload.json, prevHash, hash });
    return { ...content, prevHash, hash };
  }

  async list(q: AuditQuery): Promise<{ items: AuditEntryRecord[]; total: number; page: number; pageSize: number }> {
    const [rows, total] = await this.store.page(q, q.page, q.pageSize);
    return { items: rows.map(toRecord), total, page: q.page, pageSize: q.pageSize };
  }

  /** Entries of a time window (the whole log when open-ended), with what a verifier needs. */
  async exportBundle(from?: Date, to?: Date) {
    const rows = await this.store.window(from, to);
    const now = await this.store.now();
    return buildBundle(rows.map(toRecord), {
      exportedAt: now.toISOString(),
      from: from?.toISOString() ?? null,
      to: to?.toISOString() ?? null,
    });
  }

  /**
   * The segment of the chain a proof bundle holds: from the event's first entry
   * to the end of the log; content only for the event's entries (the others
   * stay private, as links). `m`: the caller's snapshot.
   */
  async eventSegment(eventId: string, m?: EntityManager): Promise<(Omit<AuditEntryRecord, 'payload'> & { payload: unknown; ofEvent: boolean })[]> {
    return (await this.store.eventSegment(eventId, m)).map((r) => ({ ...fromRow(r), ofEvent: r.of_event }));
  }

  /**
   * The entries of an event's timeline after `afterSeq`, oldest first, at most
   * `limit`: those about the event, and those naming it in their payload.
   */
  async eventEntries(eventId: string, afterSeq: number, limit: number, m?: EntityManager) {
    return (await this.store.eventEntries(eventId, afterSeq, limit, m)).map((r) => ({
      seq: Number(r.seq),
      at: new Date(r.at),
      actor: r.actor,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      payload: r.payload as Record<string, unknown>,
    }));
  }

  /** Which of `seqs` are not entries of the event's timeline (same rule as eventEntries), ascending. */
  async seqsNotOfEvent(eventId: string, seqs: number[], m?: EntityManager): Promise<number[]> {
    const wanted = [...new Set(seqs)];
    if (!wanted.length) return [];
    const found = new Set(await this.store.eventSeqsAmong(eventId, wanted, m));
    return wanted.filter((s) => !found.has(s)).sort((a, b) => a - b);
  }

  /** Whether any entry records this action (e.g. a one-time load already done). */
  hasAction(action: string, m?: EntityManager): Promise<boolean> {
    return this.store.hasAction(action, m);
  }
}

function fromRow(r: AuditRow) {
  return {
    seq: Number(r.seq),
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    payload: r.payload,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
