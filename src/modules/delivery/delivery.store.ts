import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { DeliveryStatus } from '../../domain/delivery/delivery-outcome.policy';
import { SqlSelect, updateReturning } from '../../database/sql';
import { POST_CHANNELS } from '../../domain/channels/channel-catalogue';

/**
 * What a delivery belongs to: exactly one of these columns is set (CHECK). A
 * message is the delivery module's own business (bulletins, C2); the others
 * belong to another module, which hears of their results through DeliveryHooks.
 */
export const OWNER_COLUMNS = ['message_id', 'page_id', 'inject_id', 'reminder_id'] as const;
export type OwnerColumn = (typeof OWNER_COLUMNS)[number];

/**
 * The rows an event's delivery panel, its report and its proof bundle count:
 * bulletins and the exercise injects sent to players (the cell's pages have
 * their own section, a reminder has no event).
 */
export const EVENT_SENDS = '(message_id IS NOT NULL OR inject_id IS NOT NULL)';

/** The owner of a recorded row: its column and id. */
export function ownerOf(r: Pick<RecordedRow, OwnerColumn>): { column: OwnerColumn; id: string } {
  const column = OWNER_COLUMNS.find((c) => r[c] !== null)!;
  return { column, id: r[column]! };
}

/** A claimed delivery with what is needed to send it. */
export interface ClaimedDelivery {
  id: string;
  contentId: string;
  /** Null only for a reminder of an exercise not started yet. */
  eventId: string | null;
  messageId: string | null;
  pageId: string | null;
  audience: string;
  channel: string;
  contactId: string | null;
  recipientName: string | null;
  address: string | null;
  exerciseParticipant: boolean;
  attempts: number;
  reconcileRetried: boolean;
  leaseToken: string;
}

/** A stored content, as the worker reads it. */
export interface ContentRow extends ContentValues {
  id: string;
}

/** What the worker decided for one claimed row. */
export interface RowResult {
  id: string;
  token: string;
  status: DeliveryStatus;
  proof: Record<string, string> | null;
  error: string | null;
  /** Retry after this many ms on the database clock; null keeps the row's time (due now for a retry). */
  retryInMs: number | null;
  /** Claimed but never handed to the provider (the channel paused): the attempt is given back. */
  notAttempted?: boolean;
  reconcileRetried?: boolean;
  needsReview?: boolean;
  /** Which of the channel's providers accepted it (email, SMS with a second provider). */
  provider?: string;
  /** The row's page, as the caller claimed it; undefined when the caller does not know (its siblings are locked then). */
  pageId?: string | null;
}

export interface RecordedRow {
  id: string;
  content_id: string;
  event_id: string | null;
  message_id: string | null;
  page_id: string | null;
  inject_id: string | null;
  reminder_id: string | null;
  audience: string;
  channel: string;
  status: DeliveryStatus;
  attempts: number;
  accepted_at: Date | null;
  proof: Record<string, string> | null;
  last_error: string | null;
  recipient_name: string | null;
  contact_id: string | null;
  next_attempt_at: Date;
  needs_review: boolean;
  provider: string | null;
  updated_at: Date;
}

/** The columns of a RecordedRow, from `deliveries d`. */
export const RECORDED_COLUMNS = `d.id, d.content_id, d.event_id, d.message_id, d.page_id, d.inject_id, d.reminder_id, d.audience, d.channel, d.status, d.attempts, d.accepted_at, d.proof,
  d.last_error, d.recipient_name, d.contact_id, d.next_attempt_at, d.needs_review, d.provider, d.updated_at`;

const CLAIMED_COLUMNS = `d.id, d.content_id AS "contentId", d.event_id AS "eventId", d.message_id AS "messageId", d.page_id AS "pageId", d.audience, d.channel,
  d.contact_id AS "contactId", d.recipient_name AS "recipientName", d.address, d.exercise_participant AS "exerciseParticipant",
  d.attempts, d.reconcile_retried AS "reconcileRetried", d.lease_token AS "leaseToken"`;

/** A content to queue, as delivery_contents stores it. */
export interface ContentValues {
  eventId: string | null;
  messageId: string | null;
  pageId: string | null;
  injectId: string | null;
  reminderId: string | null;
  audience: string;
  channel: string;
  subject: string | null;
  text: string;
  html: string | null;
  marker: string;
  exercise: boolean;
  factual: boolean;
}

/**
 * The outbox queries: rows queued, claimed, leased, recorded. Claims are short statements (FOR UPDATE SKIP LOCKED inside
 * one UPDATE): no transaction is held while a provider is called, which matters
 * doubly on the embedded database where an open transaction blocks everyone.
 */
@Injectable()
export class DeliveryStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Lanes (channel, and priority or bulk) with queued rows, and when the earliest is due (0 when due now). Polled
   * while lanes drain: the bulk lanes are found by skipping along their index from one channel to the next (a
   * handful of lookups, where a GROUP BY read the whole queue), the priority rows are few.
   */
  async dueLanes(): Promise<{ channel: string; priority: boolean; waitMs: number }[]> {
    const rows: { channel: string; priority: boolean; wait_ms: string }[] = await this.dataSource.query(
      `WITH RECURSIVE bulk(channel) AS (
         (SELECT channel FROM deliveries WHERE status = 'queued' AND priority = 0 ORDER BY channel LIMIT 1)
         UNION ALL
         SELECT (SELECT d.channel FROM deliveries d WHERE d.status = 'queued' AND d.priority = 0 AND d.channel > bulk.channel ORDER BY d.channel LIMIT 1)
           FROM bulk WHERE bulk.channel IS NOT NULL),
       due AS (
         SELECT channel, false AS priority,
                (SELECT d.next_attempt_at FROM deliveries d WHERE d.status = 'queued' AND d.priority = 0 AND d.channel = bulk.channel ORDER BY d.next_attempt_at LIMIT 1) AS at
           FROM bulk WHERE channel IS NOT NULL
         UNION ALL
         SELECT channel, true, min(next_attempt_at) FROM deliveries WHERE status = 'queued' AND priority > 0 GROUP BY channel)
       SELECT channel, priority, GREATEST(0, extract(epoch FROM at - clock_timestamp()) * 1000) AS wait_ms FROM due`,
    );
    return rows.map((r) => ({ channel: r.channel, priority: r.priority, waitMs: Number(r.wait_ms) }));
  }

  /**
   * Claims due rows of one lane: the bulk of one channel, or the priority rows
   * (pages to the cell) of every channel at once, so that a page's email and SMS
   * are sent together and recorded in one transaction.
   */
  async claim(lane: { channel: string | null; priority: boolean }, token: string, limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    const params: unknown[] = [token, leaseSeconds, limit];
    if (lane.channel) params.push(lane.channel);
    return updateReturning<ClaimedDelivery>(
      this.dataSource.manager,
      `UPDATE deliveries d SET status = 'sending', lease_token = $1, lease_until = clock_timestamp() + make_interval(secs => $2),
              attempts = d.attempts + 1, updated_at = clock_timestamp()
        WHERE d.id IN (SELECT id FROM deliveries WHERE status = 'queued' AND next_attempt_at <= clock_timestamp()
                          AND ${lane.priority ? 'priority > 0' : 'priority = 0'}${lane.channel ? ' AND channel = $4' : ''}
                        ORDER BY priority DESC, next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING ${CLAIMED_COLUMNS}`,
      params,
    );
  }

  async contents(ids: string[]): Promise<ContentRow[]> {
    return this.dataSource.query(
      `SELECT id, event_id AS "eventId", message_id AS "messageId", page_id AS "pageId", inject_id AS "injectId", reminder_id AS "reminderId", audience, channel, subject, text, html, marker, exercise, factual
         FROM delivery_contents WHERE id = ANY($1)`,
      [ids],
    );
  }

  /** Records outcomes; a row whose lease was lost (taken back by another worker) is left alone. */
  async record(m: EntityManager, results: RowResult[]): Promise<RecordedRow[]> {
    const json = JSON.stringify(
      results.map((r) => ({
        id: r.id,
        token: r.token,
        status: r.status,
        proof: r.proof,
        error: r.error,
        retry_ms: r.retryInMs,
        given_back: r.notAttempted ? 1 : 0,
        reconcile_retried: r.reconcileRetried ?? null,
        needs_review: r.needsReview ?? null,
        provider: r.provider ?? null,
      })),
    );
    return updateReturning<RecordedRow>(
      m,
      `UPDATE deliveries d SET status = r.status, proof = COALESCE(r.proof, d.proof), last_error = r.error,
              next_attempt_at = CASE WHEN r.retry_ms IS NULL THEN d.next_attempt_at ELSE clock_timestamp() + make_interval(secs => r.retry_ms / 1000.0) END, attempts = d.attempts - r.given_back,
              accepted_at = CASE WHEN r.status = 'sent' THEN clock_timestamp() ELSE d.accepted_at END,
              reconcile_retried = COALESCE(r.reconcile_retried, d.reconcile_retried), needs_review = COALESCE(r.needs_review, d.needs_review),
              provider = COALESCE(r.provider, d.provider),
              lease_token = NULL, lease_until = NULL, updated_at = clock_timestamp()
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, token uuid, status text, proof jsonb, error text, retry_ms double precision,
                                                given_back int, reconcile_retried boolean, needs_review boolean, provider text)
        WHERE d.id = r.id AND d.lease_token = r.token
        RETURNING ${RECORDED_COLUMNS}`,
      [json],
    );
  }

  /**
   * Rows whose worker stopped while sending: email and SMS go back to the queue
   * (at-least-once); posts become unknown (at-most-once, reconciled first).
   */
  async takeBackExpiredLeases(m: EntityManager): Promise<RecordedRow[]> {
    return updateReturning<RecordedRow>(
      m,
      `UPDATE deliveries d SET status = CASE WHEN channel = ANY($1) THEN 'unknown' ELSE 'queued' END,
              lease_token = NULL, lease_until = NULL, next_attempt_at = clock_timestamp(), updated_at = clock_timestamp(),
              last_error = 'the worker stopped while sending (lease expired)'
        WHERE id IN (SELECT id FROM deliveries WHERE status = 'sending' AND lease_until < clock_timestamp() FOR UPDATE SKIP LOCKED)
        RETURNING ${RECORDED_COLUMNS}`,
      [POST_CHANNELS],
    );
  }

  /** Unknown posts old enough to be looked for, leased to this reconciler. */
  async claimUnknown(token: string, afterSeconds: number, leaseSeconds: number, limit: number): Promise<ClaimedDelivery[]> {
    return updateReturning<ClaimedDelivery>(
      this.dataSource.manager,
      `UPDATE deliveries d SET lease_token = $1, lease_until = clock_timestamp() + make_interval(secs => $2)
        WHERE d.id IN (SELECT id FROM deliveries WHERE status = 'unknown' AND NOT needs_review
                         AND updated_at <= clock_timestamp() - make_interval(secs => $3)
                         AND (lease_until IS NULL OR lease_until < clock_timestamp())
                       ORDER BY updated_at LIMIT $4 FOR UPDATE SKIP LOCKED)
        RETURNING ${CLAIMED_COLUMNS}`,
      [token, leaseSeconds, afterSeconds, limit],
    );
  }

  /**
   * Locks every delivery of the pages these rows belong to, in one order,
   * before their results are written: the email and the SMS of one page are
   * recorded by different lanes, and whichever records second must see the
   * first's result to tell that the page is settled.
   */
  async lockPagesOf(m: EntityManager, ids: string[]): Promise<void> {
    await m.query(`SELECT id FROM deliveries WHERE page_id IN (SELECT page_id FROM deliveries WHERE id = ANY($1::uuid[]) AND page_id IS NOT NULL) ORDER BY id FOR UPDATE`, [ids]);
  }

  /** A content row of the outbox, in the sender's transaction; its id. */
  async insertContent(m: EntityManager, c: ContentValues): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO delivery_contents (event_id, message_id, page_id, inject_id, reminder_id, audience, channel, subject, text, html, marker, exercise, factual)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [c.eventId, c.messageId, c.pageId, c.injectId, c.reminderId, c.audience, c.channel, c.subject, c.text, c.html, c.marker, c.exercise, c.factual],
    );
    return id;
  }

  /** One statement for every recipient of a content: a thousand mayors is one round trip, not a thousand. */
  async insertDeliveries(
    m: EntityManager,
    contentId: string,
    c: Pick<ContentValues, 'eventId' | 'messageId' | 'pageId' | 'injectId' | 'reminderId' | 'audience' | 'channel'> & { priority: number },
    recipients: { contact_id: string | null; name: string | null; address: string | null; exercise_participant: boolean }[],
  ): Promise<void> {
    await m.query(
      `INSERT INTO deliveries (content_id, event_id, message_id, page_id, inject_id, reminder_id, priority, audience, channel, contact_id, recipient_name, address, exercise_participant)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, r.contact_id, r.name, r.address, r.exercise_participant
         FROM jsonb_to_recordset($10::jsonb) AS r(contact_id uuid, name text, address text, exercise_participant boolean)`,
      [contentId, c.eventId, c.messageId, c.pageId, c.injectId, c.reminderId, c.priority, c.audience, c.channel, JSON.stringify(recipients)],
    );
  }

  /**
   * One statement for every recipient a SELECT gives (contact_id, name, email,
   * mobile, exercise_participant: ContactsService.recipientsSelect): the
   * recipients go from the contacts to the outbox inside the database, never
   * through the application. Those without the channel's address are left
   * out. Returns how many rows were inserted.
   */
  async insertDeliveriesFrom(
    m: EntityManager,
    contentId: string,
    c: Pick<ContentValues, 'eventId' | 'messageId' | 'pageId' | 'injectId' | 'reminderId' | 'audience' | 'channel'> & { priority: number },
    recipients: SqlSelect,
    address: 'email' | 'mobile',
  ): Promise<number> {
    const select = recipients.build(10);
    const [{ n }] = await m.query(
      `WITH inserted AS (
         INSERT INTO deliveries (content_id, event_id, message_id, page_id, inject_id, reminder_id, priority, audience, channel, contact_id, recipient_name, address, exercise_participant)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, r.contact_id, r.name, r.${address}, r.exercise_participant
           FROM (${select.sql}) r WHERE r.${address} IS NOT NULL AND r.${address} <> ''
         RETURNING 1)
       SELECT count(*)::int AS n FROM inserted`,
      [contentId, c.eventId, c.messageId, c.pageId, c.injectId, c.reminderId, c.priority, c.audience, c.channel, ...select.params],
    );
    return n;
  }

  /** A content that turned out to have no recipient: removed in the transaction that wrote it, as if never queued. */
  async deleteContent(m: EntityManager, id: string): Promise<void> {
    await m.query('DELETE FROM delivery_contents WHERE id = $1', [id]);
  }

  /**
   * Extends the lease of a batch still being sent (its rows still carry the
   * token); a batch already recorded, or taken back, has lost the token and is
   * left alone. Returns how many rows it still holds.
   */
  async renewLease(token: string, leaseSeconds: number): Promise<number> {
    const rows = await updateReturning<{ id: string }>(
      this.dataSource.manager,
      `UPDATE deliveries SET lease_until = clock_timestamp() + make_interval(secs => $2) WHERE lease_token = $1 AND status = 'sending' RETURNING id`,
      [token, leaseSeconds],
    );
    return rows.length;
  }

  /** A person's verdict on an unknown post: leased to it for a minute, if it is still unknown. */
  async claimUnknownForVerdict(id: string, token: string): Promise<boolean> {
    const [claimed] = await updateReturning<{ id: string }>(
      this.dataSource.manager,
      `UPDATE deliveries SET lease_token = $2, lease_until = clock_timestamp() + interval '1 minute' WHERE id = $1 AND status = 'unknown' RETURNING id`,
      [id, token],
    );
    return claimed !== undefined;
  }

  async statusOf(id: string): Promise<string | null> {
    const [row] = await this.dataSource.query('SELECT status FROM deliveries WHERE id = $1', [id]);
    return row ? row.status : null;
  }

  /** The contents whose first acceptance this is (a conditional update decides, once): factual ones only. */
  firstAcceptances(m: EntityManager, accepted: { id: string; at: Date | null }[]): Promise<{ id: string; marker: string; first_accepted_at: Date }[]> {
    return updateReturning<{ id: string; marker: string; first_accepted_at: Date }>(
      m,
      `UPDATE delivery_contents c SET first_accepted_at = v.at
           FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, at timestamptz)
          WHERE c.id = v.id AND c.first_accepted_at IS NULL AND c.factual
          RETURNING c.id, c.marker, c.first_accepted_at`,
      [JSON.stringify(accepted)],
    );
  }
}
