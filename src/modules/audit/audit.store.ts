import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';

/** An audit_log row as SQL gives it back (bigint as text). */
export interface AuditRow {
  seq: string;
  at: Date;
  actor: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  payload: unknown;
  prev_hash: string;
  hash: string;
}

export interface AuditFilter {
  subjectType?: string;
  subjectId?: string;
  action?: string;
  from?: Date;
  to?: Date;
}

// Any 64-bit constant unique to this lock; every appender takes it, so the chain stays linear.
const AUDIT_CHAIN_LOCK = 0x617564697400;

// An entry belongs to an event's timeline when it is about the event or names it in its payload ($1: the event id).
const OF_EVENT = `((subject_type = 'event' AND subject_id = $1) OR payload->>'eventId' = $1)`;

/** The SQL of audit_log: the audit module is its only reader and writer. */
@Injectable()
export class AuditStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Takes the chain lock for the rest of `m`'s transaction, then reads the last
   * entry and the database clock (millisecond precision: the time is hashed as
   * an ISO string and must read back identically).
   */
  async lockChain(m: EntityManager): Promise<{ last: { seq: number; hash: string } | null; at: Date }> {
    await m.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    // The last entry and the time in one round trip, read after the lock is held (a statement of its own: its snapshot is taken after the lock).
    const [{ seq, hash, at }] = await m.query(
      "SELECT l.seq, l.hash, date_trunc('milliseconds', clock_timestamp()) AS at FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1) l ON true",
    );
    return { last: seq != null ? { seq: Number(seq), hash: String(hash) } : null, at: new Date(at) };
  }

  /** One entry, its payload given as the JSON text to store (written before the chain lock was taken). */
  async insert(
    m: EntityManager,
    e: { seq: number; at: string; actor: string; action: string; subjectType: string | null; subjectId: string | null; payloadJson: string; prevHash: string; hash: string },
  ): Promise<void> {
    await m.query(`INSERT INTO audit_log (seq, at, actor, action, subject_type, subject_id, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)`, [
      e.seq,
      e.at,
      e.actor,
      e.action,
      e.subjectType,
      e.subjectId,
      e.payloadJson,
      e.prevHash,
      e.hash,
    ]);
  }

  /** One page of the entries that pass the filter, oldest first, and how many pass it. */
  page(filter: AuditFilter, page: number, pageSize: number): Promise<[AuditEntryEntity[], number]> {
    return this.filtered(filter)
      .orderBy('a.seq', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
  }

  /** Every entry of a time window (open-ended when a bound is missing), oldest first. */
  window(from?: Date, to?: Date): Promise<AuditEntryEntity[]> {
    return this.filtered({ from, to }).orderBy('a.seq', 'ASC').getMany();
  }

  async now(): Promise<Date> {
    const [{ now }] = await this.dataSource.query('SELECT clock_timestamp() AS now');
    return new Date(now);
  }

  /**
   * From the event's first entry to the end of the log, every entry with
   * `of_event`; the payload only for the event's own entries (the others stay
   * private, as links of the chain).
   */
  eventSegment(eventId: string, m: EntityManager = this.dataSource.manager): Promise<(AuditRow & { of_event: boolean })[]> {
    return m.query(
      `SELECT seq, at, actor, action, subject_type, subject_id, prev_hash, hash, ${OF_EVENT} AS of_event,
              CASE WHEN ${OF_EVENT} THEN payload END AS payload
         FROM audit_log WHERE seq >= (SELECT min(seq) FROM audit_log WHERE ${OF_EVENT}) ORDER BY seq`,
      [eventId],
    );
  }

  /** The event's entries after `afterSeq`, oldest first, at most `limit`. */
  eventEntries(eventId: string, afterSeq: number, limit: number, m: EntityManager = this.dataSource.manager): Promise<AuditRow[]> {
    return m.query(
      `SELECT seq, at, actor, action, subject_type, subject_id, payload FROM audit_log
        WHERE ${OF_EVENT} AND seq > $2 ORDER BY seq LIMIT $3`,
      [eventId, afterSeq, limit],
    );
  }

  /** Which of `seqs` are entries of the event. */
  async eventSeqsAmong(eventId: string, seqs: number[], m: EntityManager = this.dataSource.manager): Promise<number[]> {
    const rows: { seq: string }[] = await m.query(`SELECT seq FROM audit_log WHERE seq = ANY($2::bigint[]) AND ${OF_EVENT}`, [eventId, seqs]);
    return rows.map((r) => Number(r.seq));
  }

  async hasAction(action: string, m: EntityManager = this.dataSource.manager): Promise<boolean> {
    const [row] = await m.query('SELECT EXISTS (SELECT 1 FROM audit_log WHERE action = $1) AS found', [action]);
    return row.found === true;
  }

  private filtered(f: AuditFilter) {
    const qb = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('a');
    if (f.subjectType) qb.andWhere('a.subject_type = :st', { st: f.subjectType });
    if (f.subjectId) qb.andWhere('a.subject_id = :sid', { sid: f.subjectId });
    if (f.action) qb.andWhere('a.action = :action', { action: f.action });
    if (f.from) qb.andWhere('a.at >= :from', { from: f.from });
    if (f.to) qb.andWhere('a.at <= :to', { to: f.to });
    return qb;
  }
}
