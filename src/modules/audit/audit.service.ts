import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntryRecord, GENESIS_HASH, buildBundle, computeEntryHash } from '../../domain/audit/audit-chain';
import { redactSecrets } from '../../common/redact';
import { AuditEntryEntity } from './audit-entry.entity';

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

// Any 64-bit constant unique to this lock; every appender takes it, so the chain stays linear.
const AUDIT_CHAIN_LOCK = 0x617564697400;

/**
 * What is hashed must be exactly what jsonb gives back: a JSON round-trip, and
 * no NUL character (jsonb refuses it).
 */
function asStoredJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'string' ? v.replace(/\0/g, '') : v)));
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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends one entry. Pass the caller's transaction manager so the entry commits
   * (or rolls back) with the change it records. The chain lock is held until that
   * transaction ends: appends are serialised, which is what keeps the chain linear.
   */
  async append(input: AuditInput, manager?: EntityManager): Promise<AuditEntryRecord> {
    if (!manager) return this.dataSource.transaction((m) => this.append(input, m));
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const [last] = await manager.query('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    // Millisecond precision: the time is hashed as an ISO string and must read back identically.
    const [{ at }] = await manager.query("SELECT date_trunc('milliseconds', clock_timestamp()) AS at");
    const content = {
      seq: last ? Number(last.seq) + 1 : 1,
      at: new Date(at).toISOString(),
      actor: input.actor,
      action: input.action,
      subjectType: input.subjectType ?? null,
      subjectId: input.subjectId ?? null,
      payload: asStoredJson(redactSecrets(input.payload ?? {})),
    };
    const prevHash = last ? String(last.hash) : GENESIS_HASH;
    const hash = computeEntryHash(prevHash, content);
    await manager.insert(AuditEntryEntity, { ...content, payload: content.payload as object, at: new Date(content.at), prevHash, hash });
    return { ...content, prevHash, hash };
  }

  async list(q: AuditQuery): Promise<{ items: AuditEntryRecord[]; total: number; page: number; pageSize: number }> {
    const qb = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('a');
    if (q.subjectType) qb.andWhere('a.subject_type = :st', { st: q.subjectType });
    if (q.subjectId) qb.andWhere('a.subject_id = :sid', { sid: q.subjectId });
    if (q.action) qb.andWhere('a.action = :action', { action: q.action });
    if (q.from) qb.andWhere('a.at >= :from', { from: q.from });
    if (q.to) qb.andWhere('a.at <= :to', { to: q.to });
    const [rows, total] = await qb
      .orderBy('a.seq', 'ASC')
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return { items: rows.map(toRecord), total, page: q.page, pageSize: q.pageSize };
  }

  /** Entries of a time window (the whole log when open-ended), with what a verifier needs. */
  async exportBundle(from?: Date, to?: Date) {
    const qb = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('a');
    if (from) qb.andWhere('a.at >= :from', { from });
    if (to) qb.andWhere('a.at <= :to', { to });
    const rows = await qb.orderBy('a.seq', 'ASC').getMany();
    const [{ now }] = await this.dataSource.query('SELECT clock_timestamp() AS now');
    return buildBundle(rows.map(toRecord), {
      exportedAt: new Date(now).toISOString(),
      from: from?.toISOString() ?? null,
      to: to?.toISOString() ?? null,
    });
  }
}
