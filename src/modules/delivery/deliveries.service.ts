import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { updateReturning } from '../../database/sql';
import { conflict, notFound } from '../../common/app-error';
import { isUuid } from '../../domain/ids';
import { formatParis } from '../../domain/time/paris-time';
import { DELIVERY_STATUSES } from '../../domain/channels/channel-catalogue';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { PageDeliveryView } from './delivery-hooks.service';
import { DeliveryResultsService, pageDeliveryView } from './delivery-results.service';
import { DeliveryStore, StatusCount } from './delivery-store';

export interface DeliveryListQuery {
  status?: string;
  channel?: string;
  page: number;
  pageSize: number;
}

/** What the console and the reviewers read about deliveries, and a person's verdict on an unclear post. */
@Injectable()
export class DeliveriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: DeliveryStore,
    private readonly results: DeliveryResultsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every delivery of these pages (one per channel), for their owner's panel. */
  async ofPages(pageIds: string[], m: EntityManager = this.dataSource.manager): Promise<PageDeliveryView[]> {
    return (await this.store.ofPages(m, pageIds)).map(pageDeliveryView);
  }

  /**
   * Waits, at most `timeoutMs`, until the worker of this process has tried
   * every delivery of these pages once (sent, failed, or queued again for a
   * retry), so that whoever called the cell reads the first outcomes in the
   * answer. Without a worker here it returns at once: another instance sends.
   */
  async awaitFirstAttempt(pageIds: string[], timeoutMs: number): Promise<void> {
    if (!this.config.messaging.worker.enabled || pageIds.length === 0) return;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const [{ waiting }] = await this.dataSource.query(
        `SELECT count(*)::int AS waiting FROM deliveries WHERE page_id = ANY($1::uuid[]) AND (status = 'sending' OR (status = 'queued' AND attempts = 0))`,
        [pageIds],
      );
      if (waiting === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async ofMessage(messageId: string, q: DeliveryListQuery) {
    const where: string[] = ['message_id = $1'];
    const params: unknown[] = [messageId];
    if (q.status) {
      params.push(q.status);
      where.push(`status = $${params.length}`);
    }
    if (q.channel) {
      params.push(q.channel);
      where.push(`channel = $${params.length}`);
    }
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM deliveries WHERE ${where.join(' AND ')}`, params);
    const items = await this.dataSource.query(
      `SELECT id, audience, channel, contact_id AS "contactId", recipient_name AS "recipientName", address, status, attempts,
              next_attempt_at AS "nextAttemptAt", accepted_at AS "acceptedAt", proof, last_error AS "error", needs_review AS "needsReview",
              updated_at AS "updatedAt"
         FROM deliveries WHERE ${where.join(' AND ')} ORDER BY audience, channel, recipient_name NULLS FIRST, id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.pageSize, (q.page - 1) * q.pageSize],
    );
    // The console shows when a waiting delivery is tried again, in Paris time, as the API formats it.
    const shown = items.map((i: { nextAttemptAt: Date | null }) => ({ ...i, nextAttemptAtParis: i.nextAttemptAt ? formatParis(new Date(i.nextAttemptAt)) : null }));
    return { summary: summarize(await this.store.counts(messageId)), total, page: q.page, pageSize: q.pageSize, items: shown };
  }

  /** Per message of the event, per audience and channel: the console's progress (bulletins only, not the cell's pages). */
  async ofEvent(eventId: string) {
    const byMessage = new Map<string, StatusCount[]>();
    for (const r of await this.store.countsOfEvent(eventId)) byMessage.set(r.message_id, [...(byMessage.get(r.message_id) ?? []), r]);
    return [...byMessage].map(([messageId, list]) => ({ messageId, summary: summarize(list) }));
  }

  /**
   * For the after-action report: per audience and channel, the count of each
   * status, the first and last acceptance by a provider, and the failed or
   * unclear deliveries (the first `failuresPerLine` of each line, and how many).
   * Bulletins only: the cell's pages have their own section.
   */
  async acceptanceOfEvent(eventId: string, failuresPerLine = 20) {
    const lines: { audience: string; channel: string; status: string; count: number; first: Date | null; last: Date | null }[] = await this.dataSource.query(
      `SELECT audience, channel, status, count(*)::int AS count, min(accepted_at) AS first, max(accepted_at) AS last
         FROM deliveries WHERE event_id = $1 AND message_id IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [eventId],
    );
    const failures: { audience: string; channel: string; recipient: string | null; status: string; error: string | null }[] = await this.dataSource.query(
      `SELECT audience, channel, recipient_name AS recipient, status, last_error AS error FROM (
         SELECT *, row_number() OVER (PARTITION BY audience, channel ORDER BY updated_at, id) AS n
           FROM deliveries WHERE event_id = $1 AND message_id IS NOT NULL AND status IN ('failed', 'unknown')) f
        WHERE n <= $2 ORDER BY audience, channel, n`,
      [eventId, failuresPerLine],
    );
    return { lines, failures };
  }

  /** A person checked the account: the unclear post was published (with its address) or was not. */
  async resolve(id: string, verdict: { published: boolean; postUrl?: string; note: string }, actor: string) {
    if (!isUuid(id)) throw notFound('delivery_not_found', 'No delivery has this id.');
    const token = randomUUID();
    const [claimed] = await updateReturning<{ id: string }>(
      this.dataSource.manager,
      `UPDATE deliveries SET lease_token = $2, lease_until = clock_timestamp() + interval '1 minute' WHERE id = $1 AND status = 'unknown' RETURNING id`,
      [id, token],
    );
    if (!claimed) {
      const [row] = await this.dataSource.query('SELECT status FROM deliveries WHERE id = $1', [id]);
      if (!row) throw notFound('delivery_not_found', 'No delivery has this id.');
      throw conflict('delivery_not_unknown', `This delivery is ${row.status}: only a post whose outcome is unknown can be settled by hand.`);
    }
    const [row] = await this.results.record(
      [
        verdict.published
          ? { id, token, status: 'sent', proof: { checkedBy: actor, note: verdict.note, ...(verdict.postUrl ? { url: verdict.postUrl } : {}) }, error: null, retryInMs: null, needsReview: false }
          : { id, token, status: 'failed', proof: null, error: `not published (checked by ${actor}): ${verdict.note}`, retryInMs: null, needsReview: false },
      ],
      'delivery.resolved',
      actor,
    );
    return { id: row.id, status: row.status };
  }
}

function summarize(rows: StatusCount[]) {
  const out = new Map<string, Record<string, number | string>>();
  for (const r of rows) {
    const key = `${r.audience}|${r.channel}`;
    if (!out.has(key)) out.set(key, { audience: r.audience, channel: r.channel, total: 0, ...Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) });
    const o = out.get(key)!;
    o[r.status] = Number(o[r.status] ?? 0) + r.count;
    o.total = Number(o.total) + r.count;
  }
  return [...out.values()];
}
