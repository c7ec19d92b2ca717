/**
 * A token bucket per channel: `perSecond` tokens a second, bursts up to `burst`.
 * Pure: the caller passes the time, so tests control it.
 */
export interface Bucket {
  tokens: number;
  at: number;
}

export interface RateLimit {
  perSecond: number;
  burst: number;
}

/** How long to wait (ms) before one more send is allowed, and the bucket after taking it. */
export function take(bucket: Bucket, limit: RateLimit, nowMs: number): { waitMs: number; bucket: Bucket } {
  const refilled = Math.min(limit.burst, bucket.tokens + ((nowMs - bucket.at) / 1000) * limit.perSecond);
  if (refilled >= 1) return { waitMs: 0, bucket: { tokens: refilled - 1, at: nowMs } };
  const waitMs = Math.ceil(((1 - refilled) / limit.perSecond) * 1000);
  return { waitMs, bucket: { tokens: refilled - 1, at: nowMs } };
}

export const fullBucket = (limit: RateLimit, nowMs: number): Bucket => ({ tokens: limit.burst, at: nowMs });
