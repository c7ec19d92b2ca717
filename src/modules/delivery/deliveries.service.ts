import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { conflict, notFound } from '../../common/app-error';
import { isUuid } from '../../domain/ids';
import { formatParis } from '../../domain/time/paris-time';
import { DELIVERY_STATUSES, RECEIPT_STATUSES } from '../../domain/channels/channel-catalogue';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { OwnedDeliveryView } from './delivery-hooks.service';
import { DeliveryResultsService, ownedDeliveryView } from './delivery-results.service';
import { DeliveryProgressPolls } from './delivery-progress-polls.service';
import { DeliveryProgressStore, ReceiptCount, StatusCount } from './delivery-progress.store';
import { DeliveryStore } from './delivery.store';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';

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
    private readonly store: DeliveryStore,
    private readonly progress: DeliveryProgressStore,
    private readonly results: DeliveryResultsService,
    private readonly polls: DeliveryProgressPolls,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every delivery of these pages (one per channel), for their owner's panel. */
  async ofPages(pageIds: string[], m?: EntityManager): Promise<OwnedDeliveryView[]> {
    return (await this.progress.ofOwners('page_id', pageIds, m)).map(ownedDeliveryView);
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
      if ((await this.progress.notYetTried(pageIds)) === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async ofMessage(messageId: string, q: DeliveryListQuery) {
    // One snapshot: read one after the other, a summary read last could count as sent a row the page, read first, still showed queued.
    const { total, items, counts, receipts } = await this.uow.snapshot(async (m) => ({
      ...(await this.progress.ofMessage(messageId, { status: q.status, channel: q.channel }, q.pageSize, (q.page - 1) * q.pageSize, m)),
      counts: await this.progress.counts(messageId, m),
      receipts: await this.progress.receiptCounts(messageId, m),
    }));
    // The console shows when a waiting delivery is tried again, in Paris time, as the API formats it.
    const shown = items.map((i) => ({ ...i, nextAttemptAtParis: i.nextAttemptAt ? formatParis(new Date(i.nextAttemptAt as Date)) : null }));
    return { summary: summarize(counts, receipts), total, page: q.page, pageSize: q.pageSize, items: shown };
  }

  /**
   * Per message (or exercise inject) of the event, per audience and channel:
   * the console's progress (not the cell's pages). An inject's line names it
   * by `injectId`, with `messageId` null.
   */
  ofEvent(eventId: string) {
    return this.polls.read(eventId, () => this.readOfEvent(eventId));
  }

  private async readOfEvent(eventId: string) {
    const { counts, receipts } = await this.progress.progressOfEvent(eventId);
    const bySender = new Map<string, { messageId: string | null; injectId?: string; rows: StatusCount[] }>();
    for (const r of counts) {
      const key = r.message_id ?? r.inject_id!;
      if (!bySender.has(key)) bySender.set(key, { messageId: r.message_id, ...(r.inject_id ? { injectId: r.inject_id } : {}), rows: [] });
      bySender.get(key)!.rows.push(r);
    }
    return [...bySender.values()].map(({ rows, ...sender }) => ({
      ...sender,
      summary: summarize(
        rows,
        receipts.filter((r) => r.message_id === sender.messageId),
      ),
    }));
  }

  /**
   * For the after-action report: per audience and channel, the count of each
   * status, the first and last acceptance by a provider, and the failed or
   * unclear deliveries (the first `failuresPerLine` of each line, and how many).
   * Bulletins only: the cell's pages have their own section. `m`: a caller's snapshot.
   */
  async acceptanceOfEvent(eventId: string, failuresPerLine = 20, m?: EntityManager) {
    const lines = await this.progress.acceptanceLines(eventId, m);
    const failures = await this.progress.acceptanceFailures(eventId, failuresPerLine, m);
    // Per audience and channel over every bulletin: accepted (the lines) vs delivered, bounced, expired.
    const receipts = await this.progress.receiptCountsOfEvent(eventId, m);
    return { lines, failures, receipts };
  }

  /** A person checked the account: the unclear post was published (with its address) or was not. */
  async resolve(id: string, verdict: { published: boolean; postUrl?: string; note: string }, actor: string) {
    if (!isUuid(id)) throw notFound('delivery_not_found', 'No delivery has this id.');
    const token = randomUUID();
    if (!(await this.store.claimUnknownForVerdict(id, token))) {
      const status = await this.store.statusOf(id);
      if (!status) throw notFound('delivery_not_found', 'No delivery has this id.');
      throw conflict('delivery_not_unknown', `This delivery is ${status}: only a post whose outcome is unknown can be settled by hand.`);
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

/**
 * Per audience and channel: the count of each status, and under `receipts` what the
 * providers said later of the accepted ones (delivered, bounced, expired): accepted vs delivered.
 */
function summarize(rows: StatusCount[], receipts: ReceiptCount[] = []) {
  const out = new Map<string, Record<string, unknown> & { total: number; receipts: Record<string, number> }>();
  const line = (audience: string, channel: string) => {
    const key = `${audience}|${channel}`;
    if (!out.has(key)) out.set(key, { audience, channel, total: 0, ...Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])), receipts: Object.fromEntries(RECEIPT_STATUSES.map((s) => [s, 0])) });
    return out.get(key)!;
  };
  for (const r of rows) {
    const o = line(r.audience, r.channel);
    o[r.status] = Number(o[r.status] ?? 0) + r.count;
    o.total += r.count;
  }
  for (const r of receipts) line(r.audience, r.channel).receipts[r.receipt] = r.count;
  return [...out.values()];
}
