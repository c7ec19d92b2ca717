import { Injectable } from '@nestjs/common';
import type { DeliveryStatus } from '../../domain/channels/channel-catalogue';
import type { Work } from '../unit-of-work/unit-of-work.service';

/** The action of a worker's batch of results (other changes: lease taken back, reconciled, resolved). */
export const RESULTS_ACTION = 'delivery.results';

/** One delivery owned by another module (a cell page, a reminder…), as its owner reads it. */
export interface OwnedDeliveryView {
  id: string;
  /** The owner's id: the page, the inject or the reminder this delivery sends. */
  ownerId: string;
  /** Null only for a reminder of an exercise not started yet. */
  eventId: string | null;
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

/** Results just recorded for some owners of one audience, inside the recording transaction. */
export interface OwnedResults {
  work: Work;
  /** `delivery.results` for a worker's batch; `delivery.lease_expired` and the like otherwise. */
  action: string;
  actor: string;
  /** The rows this change recorded. */
  recorded: OwnedDeliveryView[];
  /** Every delivery of the same owners, after the change: what tells that an owner is settled. */
  current: OwnedDeliveryView[];
}

export type OwnedResultsListener = (results: OwnedResults) => Promise<void>;

/**
 * How the owner of a delivery that is not a bulletin (the cell for its pages,
 * the exercises for their reminders) learns what became of it without the
 * delivery module knowing it: it registers a listener for its audience, which
 * audits the results in the recording transaction and says what to publish
 * after commit. Rows of an audience without a listener (the injects) are
 * audited by the delivery module itself.
 */
@Injectable()
export class DeliveryHooks {
  private readonly listeners = new Map<string, OwnedResultsListener>();

  onResults(audience: string, listener: OwnedResultsListener): void {
    if (this.listeners.has(audience)) throw new Error(`a results listener is already registered for the audience ${audience}`);
    this.listeners.set(audience, listener);
  }

  listener(audience: string): OwnedResultsListener | undefined {
    return this.listeners.get(audience);
  }
}
