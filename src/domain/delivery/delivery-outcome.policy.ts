/**
 * What a send outcome does to a delivery row. Email and SMS are at-least-once:
 * a temporary error or a lost lease sends again. Public posts are at-most-once:
 * anything that may have been published becomes `unknown` and is reconciled
 * against the account's own timeline before any new attempt.
 */
import { isPostChannel, type DeliveryStatus, type SendOutcome } from '../channels/channel-catalogue';

export { DELIVERY_STATUSES, type DeliveryStatus } from '../channels/channel-catalogue';

export interface RetrySettings {
  /** First retry after this many seconds, doubled at each attempt. */
  baseSeconds: number;
  maxDelaySeconds: number;
  /** After this many attempts a temporary error is final. */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetrySettings = { baseSeconds: 5, maxDelaySeconds: 900, maxAttempts: 8 };

export interface NextState {
  status: DeliveryStatus;
  /** When a queued row may be claimed again. */
  nextAttemptAt: Date | null;
  error: string | null;
  proof: Record<string, string> | null;
}

export function backoffSeconds(attempts: number, s: RetrySettings = DEFAULT_RETRY): number {
  return Math.min(s.maxDelaySeconds, s.baseSeconds * 2 ** Math.max(0, attempts - 1));
}

/** `attempts` counts the attempt that just ended. */
export function nextState(outcome: SendOutcome, attempts: number, channel: string, now: Date, s: RetrySettings = DEFAULT_RETRY): NextState {
  switch (outcome.kind) {
    case 'sent':
      return { status: 'sent', nextAttemptAt: null, error: null, proof: outcome.proof };
    case 'sandboxed':
      return { status: 'sandboxed', nextAttemptAt: null, error: outcome.reason, proof: null };
    case 'permanent':
      return { status: 'failed', nextAttemptAt: null, error: outcome.reason, proof: null };
    case 'unknown':
      // An email or SMS that may or may not have left is simply sent again: duplicates are tolerated there.
      if (!isPostChannel(channel)) return temporary(outcome.reason, undefined, attempts, now, s);
      return { status: 'unknown', nextAttemptAt: null, error: outcome.reason, proof: null };
    case 'temporary':
      return temporary(outcome.reason, outcome.retryAt, attempts, now, s);
  }
}

function temporary(reason: string, retryAt: Date | undefined, attempts: number, now: Date, s: RetrySettings): NextState {
  if (attempts >= s.maxAttempts) return { status: 'failed', nextAttemptAt: null, error: `${reason} (gave up after ${attempts} attempts)`, proof: null };
  const backoff = new Date(now.getTime() + backoffSeconds(attempts, s) * 1000);
  // The provider's reset time wins when it is later than our own backoff.
  const at = retryAt && retryAt > backoff ? retryAt : backoff;
  return { status: 'queued', nextAttemptAt: at, error: reason, proof: null };
}

/** A row whose lease expired while `sending`: the worker stopped between the call and the record. */
export function afterLostLease(channel: string): DeliveryStatus {
  return isPostChannel(channel) ? 'unknown' : 'queued';
}

export type ReconcileStep = { status: 'sent'; proof: Record<string, string> } | { status: 'queued'; retried: true } | { status: 'unknown'; needsReview: true };

/**
 * An `unknown` post after looking for its marker on the account: found → sent
 * with that post; absent → one more attempt; absent again after that attempt →
 * a person decides (never a third blind post).
 */
export function reconcile(found: { id: string; url?: string } | null, alreadyRetried: boolean): ReconcileStep {
  if (found) return { status: 'sent', proof: { postId: found.id, ...(found.url ? { url: found.url } : {}), reconciled: 'true' } };
  if (!alreadyRetried) return { status: 'queued', retried: true };
  return { status: 'unknown', needsReview: true };
}
