import { Injectable } from '@nestjs/common';
import type { DeliveryStatus } from '../../domain/channels/channel-catalogue';
import type { Work } from '../unit-of-work/unit-of-work.service';

/** The action of a worker's batch of results (other changes: lease taken back, reconciled, resolved). */
export const RESULTS_ACTION = 'delivery.results';

/** One delivery of a page (not a bulletin), as its owner reads it. */
export interface PageDeliveryView {
  id: string;
  pageId: string;
  eventId: string;
  audience: string;
  channel: string;
  recipientName: string | null;
  status: DeliveryStatus;
  attempts: number;
  proof: Record<string, string> | null;
  error: string | null;
  acceptedAt: Date | null;
  nextAttemptAt: Date;
  updatedAt: Date;
}

/** Results just recorded for some pages of one audience, inside the recording transaction. */
export interface PageResults {
  work: Work;
  /** `delivery.results` for a worker's batch; `delivery.lease_expired` and the like otherwise. */
  action: string;
  actor: string;
  /** The rows this change recorded. */
  recorded: PageDeliveryView[];
  /** Every delivery of the same pages, after the change: what tells that a page is settled. */
  current: PageDeliveryView[];
}

export type PageResultsListener = (results: PageResults) => Promise<void>;

/**
 * How the owner of a page (the cell module) learns what became of it without
 * the delivery module knowing it: it registers a listener for its audience,
 * which audits the results in the recording transaction and says what to
 * publish after commit. Rows of an audience without a listener are audited
 * by the delivery module itself.
 */
@Injectable()
export class DeliveryHooks {
  private readonly pageListeners = new Map<string, PageResultsListener>();

  onPageResults(audience: string, listener: PageResultsListener): void {
    if (this.pageListeners.has(audience)) throw new Error(`a page results listener is already registered for the audience ${audience}`);
    this.pageListeners.set(audience, listener);
  }

  pageListener(audience: string): PageResultsListener | undefined {
    return this.pageListeners.get(audience);
  }
}
