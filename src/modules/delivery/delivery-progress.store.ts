import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EVENT_SENDS, RECORDED_COLUMNS, RecordedRow } from './delivery.store';

export interface StatusCount {
  audience: string;
  channel: string;
  status: string;
  count: number;
}

export interface ReceiptCount {
  audience: string;
  channel: string;
  receipt: string;
  count: number;
}

/** One line of the after-action report's acceptance table. */
export interface AcceptanceLine {
  audience: string;
  channel: string;
  status: string;
  count: number;
  first: Date | null;
  last: Date | null;
}

export interface AcceptanceFailure {
  audience: string;
  channel: string;
  recipient: string | null;
  status: string;
  error: string | null;
}

/** Filters of a message's deliveries (each value a bound parameter). */
type DeliveryFilter = { status?: string; channel?: string };

/** What the console, the cell and the reviewers read of the outbox: progress, page deliveries, the report's lines. */
@Injectable()
export class DeliveryProgressStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Counts per audience, channel and status of a message (or of an inject): what the console's progress bars show. */
  counts(id: string, m: EntityManager = this.dataSource.manager, owner: 'message_id' | 'inject_id' = 'message_id'): Promise<StatusCount[]> {
    return this.countsWhere(m, `${owner} = $1`, id).then((rows) => rows.map(({ message_id: _, inject_id: __, ...r }) => r));
  }

  /** Receipts per audience and channel (delivered, bounced, expired): what "accepted" became. */
  receiptCounts(messageId: string, m: EntityManager = this.dataSource.manager): Promise<ReceiptCount[]> {
    return this.receiptsWhere(m, 'message_id = $1', messageId).then((rows) => rows.map(({ message_id: _, ...r }) => r));
  }

  /** The same for every bulletin of an event. */
  receiptCountsOfEvent(eventId: string, m: EntityManager = this.dataSource.manager): Promise<(ReceiptCount & { message_id: string })[]> {
    return this.receiptsWhere(m, 'event_id = $1 AND message_id IS NOT NULL', eventId);
  }

  /**
   * The console's view of an event in one statement: per message or inject, audience, channel, status and
   * receipt, how many. What countsOfEvent and receiptCountsOfEvent read in two, for a read polled by every console.
   */
  async progressOfEvent(eventId: string): Promise<{ counts: (StatusCount & { message_id: string | null; inject_id: string | null })[]; receipts: (ReceiptCount & { message_id: string })[] }> {
    const rows: { message_id: string | null; inject_id: string | null; audience: string; channel: string; status: string; receipt: string | null; count: string }[] = await this.dataSource.query(
      `SELECT message_id, inject_id, audience, channel, status, receipt_status AS receipt, count(*) AS count FROM deliveries
        WHERE event_id = $1 AND ${EVENT_SENDS} GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
      [eventId],
    );
    const counts = new Map<string, StatusCount & { message_id: string | null; inject_id: string | null }>();
    const receipts = new Map<string, ReceiptCount & { message_id: string }>();
    for (const r of rows) {
      const key = `${r.message_id}|${r.inject_id}|${r.audience}|${r.channel}|${r.status}`;
      const c = counts.get(key) ?? { message_id: r.message_id, inject_id: r.inject_id, audience: r.audience, channel: r.channel, status: r.status, count: 0 };
      c.count += Number(r.count);
      counts.set(key, c);
      if (r.receipt === null || r.message_id === null) continue;
      const rkey = `${r.message_id}|${r.audience}|${r.channel}|${r.receipt}`;
      const rc = receipts.get(rkey) ?? { message_id: r.message_id, audience: r.audience, channel: r.channel, receipt: r.receipt, count: 0 };
      rc.count += Number(r.count);
      receipts.set(rkey, rc);
    }
    return { counts: [...counts.values()], receipts: [...receipts.values()] };
  }

  /** Every delivery of these owners (pages, reminders), each channel's current state. */
  ofOwners(column: 'page_id' | 'inject_id' | 'reminder_id', ids: string[], m: EntityManager = this.dataSource.manager): Promise<RecordedRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return m.query(`SELECT ${RECORDED_COLUMNS} FROM deliveries d WHERE d.${column} = ANY($1::uuid[]) ORDER BY d.${column}, d.channel`, [ids]);
  }

  /** Deliveries of these pages not tried yet: being sent, or queued and never attempted. */
  async notYetTried(pageIds: string[]): Promise<number> {
    const [{ waiting }] = await this.dataSource.query(
      `SELECT count(*)::int AS waiting FROM deliveries WHERE page_id = ANY($1::uuid[]) AND (status = 'sending' OR (status = 'queued' AND attempts = 0))`,
      [pageIds],
    );
    return waiting;
  }

  /** One page of a message's deliveries, and how many pass the filter. `m`: the caller's snapshot. */
  async ofMessage(messageId: string, filter: DeliveryFilter, pageSize: number, offset: number, m: EntityManager): Promise<{ total: number; items: Record<string, unknown>[] }> {
    const where: string[] = ['message_id = $1'];
    const params: unknown[] = [messageId];
    if (filter.status) {
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    if (filter.channel) {
      params.push(filter.channel);
      where.push(`channel = $${params.length}`);
    }
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM deliveries WHERE ${where.join(' AND ')}`, params);
    const items = await m.query(
      `SELECT id, audience, channel, contact_id AS "contactId", recipient_name AS "recipientName", address, status, attempts,
              next_attempt_at AS "nextAttemptAt", accepted_at AS "acceptedAt", proof, last_error AS "error", needs_review AS "needsReview",
              provider, receipt_status AS "receiptStatus", receipt_at AS "receiptAt", receipt_detail AS "receiptDetail", updated_at AS "updatedAt"
         FROM deliveries WHERE ${where.join(' AND ')} ORDER BY audience, channel, recipient_name NULLS FIRST, id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, offset],
    );
    return { total, items };
  }

  /** Per audience, channel and status of the event's bulletins: the count and the first and last acceptance. */
  acceptanceLines(eventId: string, m: EntityManager = this.dataSource.manager): Promise<AcceptanceLine[]> {
    return m.query(
      `SELECT audience, channel, status, count(*)::int AS count, min(accepted_at) AS first, max(accepted_at) AS last
         FROM deliveries WHERE event_id = $1 AND ${EVENT_SENDS} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [eventId],
    );
  }

  /** The first `perLine` failed or unclear deliveries of each audience and channel of the event's bulletins. */
  acceptanceFailures(eventId: string, perLine: number, m: EntityManager = this.dataSource.manager): Promise<AcceptanceFailure[]> {
    return m.query(
      `SELECT audience, channel, recipient_name AS recipient, status, last_error AS error FROM (
         SELECT *, row_number() OVER (PARTITION BY audience, channel ORDER BY updated_at, id) AS n
           FROM deliveries WHERE event_id = $1 AND ${EVENT_SENDS} AND status IN ('failed', 'unknown')) f
        WHERE n <= $2 ORDER BY audience, channel, n`,
      [eventId, perLine],
    );
  }

  private async receiptsWhere(m: EntityManager, where: string, id: string): Promise<(ReceiptCount & { message_id: string })[]> {
    const rows: (ReceiptCount & { message_id: string; count: string })[] = await m.query(
      `SELECT message_id, audience, channel, receipt_status AS receipt, count(*) AS count FROM deliveries
        WHERE ${where} AND receipt_status IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      [id],
    );
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  }

  private async countsWhere(m: EntityManager, where: string, id: string): Promise<(StatusCount & { message_id: string | null; inject_id: string | null })[]> {
    const rows: (StatusCount & { message_id: string | null; inject_id: string | null; count: string })[] = await m.query(
      `SELECT message_id, inject_id, audience, channel, status, count(*) AS count FROM deliveries WHERE ${where} GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
      [id],
    );
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  }
}
