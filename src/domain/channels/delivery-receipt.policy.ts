/**
 * What a provider says after accepting a delivery: the SMS gateway's delivery
 * report, the email relay's bounce (a DSN, RFC 3464). `sent` stays the
 * acceptance, which is what meets C2; the receipt is the delivery's fate.
 * Pure: the callers verify, look up and record; this decides.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ReceiptStatus } from './channel-catalogue';

export type { ReceiptStatus };

/**
 * An SMS gateway's report status → our receipt; null while it is not final
 * (buffered, sent to the operator). Words as OVHcloud, Vonage and SMPP
 * (`stat:` of a delivery receipt) write them; anything else is not understood.
 */
const SMS_STATUSES: Record<string, ReceiptStatus | null> = {
  delivered: 'delivered',
  delivrd: 'delivered',
  failed: 'bounced',
  undelivered: 'bounced',
  undeliv: 'bounced',
  rejected: 'bounced',
  rejectd: 'bounced',
  expired: 'expired',
  buffered: null,
  pending: null,
  accepted: null,
  acceptd: null,
  sent: null,
  enroute: null,
};

export function smsReceiptStatus(gatewayStatus: string): ReceiptStatus | null | 'not-understood' {
  const key = gatewayStatus.trim().toLowerCase();
  return key in SMS_STATUSES ? SMS_STATUSES[key] : 'not-understood';
}

/**
 * One recipient's block of a DSN → our receipt; null when it is not final
 * (`delayed`). `failed` with 4.4.7 (delivery time expired) is the relay giving
 * up after its queue lifetime: expired, not bounced.
 */
export function dsnReceiptStatus(action: string, status: string | undefined): ReceiptStatus | null | 'not-understood' {
  switch (action.trim().toLowerCase()) {
    case 'delivered':
    case 'relayed':
    case 'expanded':
      return 'delivered';
    case 'failed':
      return status?.trim() === '4.4.7' || status?.trim() === '5.4.7' ? 'expired' : 'bounced';
    case 'delayed':
      return null;
    default:
      return 'not-understood';
  }
}

/**
 * - `record`: the first final receipt of this delivery;
 * - `already`: the same receipt again (providers retry their callbacks): nothing changes;
 * - `kept`: another final receipt after a first one: the first is kept (a report out of order must not undo it).
 */
export type ReceiptStep = 'record' | 'already' | 'kept';

export function receiptStep(current: ReceiptStatus | null, incoming: ReceiptStatus): ReceiptStep {
  if (current === null) return 'record';
  return current === incoming ? 'already' : 'kept';
}

/**
 * A provider's words without the recipient's address or number: a bounce's
 * diagnostic usually repeats the address (`550 5.1.1 <x@y>: User unknown`), and
 * the audit log, which can never be erased, holds no address.
 */
export function withoutAddresses(text: string): string {
  return text.replace(/<?[^\s<>@;]+@[^\s<>;]+>?/g, '<adresse>').replace(/\+\d{8,15}\b|\b0\d(?:[ .]?\d{2}){4}\b/g, '<numéro>');
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`, compared in constant time. */
export function validSignature(secret: string, rawBody: Buffer | string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`);
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
