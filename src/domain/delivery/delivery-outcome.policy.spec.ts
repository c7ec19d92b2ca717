import { afterLostLease, backoffSeconds, DEFAULT_RETRY, nextState, reconcile } from './delivery-outcome.policy';
import type { SendOutcome } from '../channels/channel-catalogue';

const now = new Date('2026-11-29T02:00:00Z');
const plus = (s: number) => new Date(now.getTime() + s * 1000);

describe('nextState', () => {
  it.each<[string, SendOutcome, number, string, string, Date | null]>([
    ['accepted email', { kind: 'sent', proof: { messageId: '<a@b>' } }, 1, 'email', 'sent', null],
    ['SMTP 421 on the first attempt: retry in 5 s', { kind: 'temporary', reason: '421 busy' }, 1, 'email', 'queued', plus(5)],
    ['third attempt: 20 s', { kind: 'temporary', reason: '451' }, 3, 'sms', 'queued', plus(20)],
    ['X 429 with a reset in 10 min: wait for the reset', { kind: 'temporary', reason: '429', retryAt: plus(600) }, 1, 'x', 'queued', plus(600)],
    ['reset earlier than our backoff: our backoff', { kind: 'temporary', reason: '429', retryAt: plus(1) }, 2, 'x', 'queued', plus(10)],
    ['eighth temporary error: failed', { kind: 'temporary', reason: '451' }, 8, 'email', 'failed', null],
    ['SMTP 550: failed at once', { kind: 'permanent', reason: '550 no such user' }, 1, 'email', 'failed', null],
    ['not configured: sandboxed', { kind: 'sandboxed', reason: 'channel not configured' }, 1, 'email', 'sandboxed', null],
    ['X timeout: unknown, never retried blindly', { kind: 'unknown', reason: 'timeout' }, 1, 'x', 'unknown', null],
    ['Facebook 500: unknown', { kind: 'unknown', reason: '500' }, 1, 'facebook', 'unknown', null],
    ['email timeout: sent again (at-least-once)', { kind: 'unknown', reason: 'timeout' }, 1, 'email', 'queued', plus(5)],
  ])('%s', (_why, outcome, attempts, channel, status, at) => {
    const s = nextState(outcome, attempts, channel, now);
    expect(s.status).toBe(status);
    expect(s.nextAttemptAt).toEqual(at);
  });

  it('keeps the proof of an accepted message and the reason of a failure', () => {
    expect(nextState({ kind: 'sent', proof: { postId: '9' } }, 1, 'x', now).proof).toEqual({ postId: '9' });
    expect(nextState({ kind: 'permanent', reason: '550 mailbox unavailable' }, 1, 'email', now).error).toBe('550 mailbox unavailable');
    expect(nextState({ kind: 'temporary', reason: '451' }, 8, 'email', now).error).toBe('451 (gave up after 8 attempts)');
  });

  it('caps the backoff', () => {
    expect(backoffSeconds(20, DEFAULT_RETRY)).toBe(900);
  });
});

describe('afterLostLease', () => {
  it.each([
    ['email', 'queued'],
    ['sms', 'queued'],
    ['public_page', 'queued'],
    ['webhook', 'queued'],
    ['x', 'unknown'],
    ['facebook', 'unknown'],
  ])('%s → %s', (channel, status) => expect(afterLostLease(channel)).toBe(status));
});

describe('reconcile', () => {
  it.each([
    ['found on the timeline: sent with that post', { id: '77', url: 'https://x.com/p/77' }, false, 'sent'],
    ['found after the retry: sent', { id: '78' }, true, 'sent'],
    ['absent: one more attempt', null, false, 'queued'],
    ['absent after the retry: a person decides', null, true, 'unknown'],
  ])('%s', (_why, found, retried, status) => {
    expect(reconcile(found, retried).status).toBe(status);
  });

  it('records the post found as proof', () => {
    expect(reconcile({ id: '77', url: 'u' }, false)).toEqual({ status: 'sent', proof: { postId: '77', url: 'u', reconciled: 'true' } });
    expect(reconcile(null, true)).toEqual({ status: 'unknown', needsReview: true });
  });
});
