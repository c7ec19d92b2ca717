/**
 * Email and SMS may have a second provider (a second SMTP relay, a second SMS
 * gateway). Whether a failed send goes to it depends on who failed: the
 * provider (it is down, refuses us, has no credits) or the recipient (the
 * address or number is wrong, which no other provider can fix). Pure: the
 * adapters describe what happened, this decides.
 */

/** What an adapter saw when a send failed, without interpretation. */
export type FailureFacts =
  /** No answer: `refused` (nothing reached the provider), `timeout` or `broken` (it may have). */
  | { via: 'connection'; failure: 'refused' | 'timeout' | 'broken' }
  /** An SMTP reply: its code, its enhanced status (RFC 3463) when given, and the command it answered. */
  | { via: 'smtp'; code: number; enhanced?: string; command?: string }
  /** The relay refused our login. */
  | { via: 'smtp-auth' }
  /** An HTTP gateway's answer; `credits` when it says the account has none left. */
  | { via: 'http'; status: number; credits?: boolean }
  /** The address or number itself is unusable (refused before or by the provider as invalid). */
  | { via: 'recipient-invalid' };

export type Blame = 'provider' | 'recipient';

/** The SMTP commands whose 5xx speak about the recipient's mailbox rather than the relay. */
const RECIPIENT_COMMANDS = new Set(['RCPT TO', 'RCPT']);

/** Who failed. A timeout or a broken connection is the provider's: the recipient was never judged. */
export function blameOf(f: FailureFacts): Blame {
  switch (f.via) {
    case 'connection':
    case 'smtp-auth':
      return 'provider';
    case 'recipient-invalid':
      return 'recipient';
    case 'smtp': {
      if (!RECIPIENT_COMMANDS.has((f.command ?? '').toUpperCase())) return 'provider';
      // At RCPT TO: 5.1.x (addressing) and 5.2.x (mailbox) are the recipient's; 5.7.x (relay denied) and 4.x busy relays are ours.
      if (f.enhanced) return /^[45]\.[12]\./.test(f.enhanced) ? 'recipient' : 'provider';
      return [450, 550, 551, 552, 553].includes(f.code) ? 'recipient' : 'provider';
    }
    case 'http':
      if (f.credits || f.status === 401 || f.status === 403 || f.status === 429 || f.status >= 500) return 'provider';
      // Another 4xx refuses this request (the number, the text): a second gateway would refuse it too.
      return 'recipient';
  }
}

/**
 * Provider-side answers that say "later" rather than "no": SMTP 4xx (421 service
 * not available, 451, 452) and HTTP 429. The primary gets them retried first,
 * as an SMTP client would, and the secondary only once they persist.
 */
function isPassing(f: FailureFacts): boolean {
  return (f.via === 'smtp' && f.code >= 400 && f.code < 500) || (f.via === 'http' && f.status === 429 && !f.credits);
}

export interface FallbackSettings {
  /** Attempts on the primary before a passing refusal (421, 429) goes to the secondary. */
  primaryAttempts: number;
}

export type FallbackStep = { to: 'secondary'; why: string } | { to: 'none'; why: string };

/**
 * After a failure on the primary, on the `attempt`-th attempt of this delivery
 * (1 for the first): go to the secondary, or keep the primary's outcome.
 */
export function fallbackStep(f: FailureFacts, attempt: number, s: FallbackSettings): FallbackStep {
  if (blameOf(f) === 'recipient') return { to: 'none', why: 'the recipient was refused: another provider would refuse it too' };
  if (isPassing(f) && attempt < s.primaryAttempts) return { to: 'none', why: `a passing refusal: retried on the primary (attempt ${attempt} of ${s.primaryAttempts})` };
  return { to: 'secondary', why: 'the primary provider failed' };
}
