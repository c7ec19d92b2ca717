import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { isPostChannel } from '../../domain/channels/channel-catalogue';
import { reconcile } from '../../domain/delivery/delivery-outcome.policy';
import type { ChannelName } from '../channels/channel-adapter.types';
import { ChannelsService } from '../channels/channels.service';
import { DeliveryResultsService } from './delivery-results.service';
import { DeliveryStore, RowResult } from './delivery.store';

/**
 * Never twice in public. A post whose outcome is unknown is looked for on the
 * account's own recent posts by its marker: found → sent with that post; absent
 * → one more attempt; still absent after it → a person decides.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger(ReconciliationService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: DeliveryStore,
    private readonly channels: ChannelsService,
    private readonly results: DeliveryResultsService,
  ) {}

  /** Rows left `sending` by a worker that stopped: back to the queue, or unknown for posts. */
  async takeBackExpiredLeases(): Promise<number> {
    const rows = await this.results.commit((m) => this.store.takeBackExpiredLeases(m), 'delivery.lease_expired', 'system');
    if (rows.length) this.logger.warn({ count: rows.length }, 'deliveries taken back from a stopped worker');
    return rows.length;
  }

  async reconcileUnknown(): Promise<number> {
    const w = this.config.messaging.worker;
    const token = randomUUID();
    const rows = await this.store.claimUnknown(token, w.reconcileAfterSeconds, w.leaseSeconds, 20);
    if (rows.length === 0) return 0;
    const contents = new Map((await this.store.contents([...new Set(rows.map((r) => r.contentId))])).map((c) => [c.id, c]));
    const results: RowResult[] = [];
    for (const d of rows) {
      const c = contents.get(d.contentId);
      if (!c || !isPostChannel(d.channel)) {
        results.push({ id: d.id, token, status: 'unknown', proof: null, error: 'cannot be looked up: a person must check', retryInMs: null, needsReview: true });
        continue;
      }
      let found;
      try {
        found = await this.channels.findByMarker(d.channel as ChannelName, c.marker, c.exercise);
      } catch (e) {
        // The account could not be read: try again at the next round, leave the row as it is.
        this.logger.warn({ err: e, deliveryId: d.id }, 'reconciliation lookup failed');
        results.push({ id: d.id, token, status: 'unknown', proof: null, error: `lookup failed: ${(e as Error).message}`, retryInMs: null });
        continue;
      }
      const step = reconcile(found, d.reconcileRetried);
      if (step.status === 'sent') results.push({ id: d.id, token, status: 'sent', proof: step.proof, error: null, retryInMs: null });
      else if (step.status === 'queued')
        results.push({ id: d.id, token, status: 'queued', proof: null, error: `marker ${c.marker} not found on the account: one more attempt`, retryInMs: null, reconcileRetried: true });
      else results.push({ id: d.id, token, status: 'unknown', proof: null, error: `marker ${c.marker} still not found after one more attempt: check the account`, retryInMs: null, needsReview: true });
    }
    await this.results.record(results, 'delivery.reconciled');
    return rows.length;
  }
}
