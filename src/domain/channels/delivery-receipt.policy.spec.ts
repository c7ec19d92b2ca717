import { createHmac } from 'node:crypto';
import { dsnReceiptStatus, receiptStep, smsReceiptStatus, validSignature, withoutAddresses } from './delivery-receipt.policy';
import { parseDsn } from './dsn.parser';

describe('smsReceiptStatus', () => {
  it.each([
    ['delivered', 'delivered'],
    ['DELIVRD', 'delivered'],
    ['failed', 'bounced'],
    ['UNDELIV', 'bounced'],
    ['rejected', 'bounced'],
    ['expired', 'expired'],
    ['buffered', null],
    ['sent', null],
    ['nonsense', 'not-understood'],
  ])('%s → %s', (given, expected) => expect(smsReceiptStatus(given)).toBe(expected));
});

describe('dsnReceiptStatus', () => {
  it.each<[string, string | undefined, string | null]>([
    ['failed', '5.1.1', 'bounced'],
    ['failed', '5.2.2', 'bounced'],
    ['failed', '4.4.7', 'expired'],
    ['delivered', '2.0.0', 'delivered'],
    ['relayed', '2.0.0', 'delivered'],
    ['delayed', '4.4.1', null],
    ['exploded', undefined, 'not-understood'],
  ])('%s %s → %s', (action, status, expected) => expect(dsnReceiptStatus(action, status)).toBe(expected));
});

describe('receiptStep', () => {
  it.each([
    [null, 'delivered', 'record'],
    [null, 'bounced', 'record'],
    ['delivered', 'delivered', 'already'],
    ['bounced', 'bounced', 'already'],
    ['bounced', 'delivered', 'kept'],
    ['delivered', 'expired', 'kept'],
  ] as const)('current %s, incoming %s → %s', (current, incoming, step) => expect(receiptStep(current, incoming)).toBe(step));
});

describe('withoutAddresses', () => {
  it.each([
    ['smtp; 550 5.1.1 <maire9@vosges.example.org>: Recipient address rejected', 'smtp; 550 5.1.1 <adresse>: Recipient address rejected'],
    ['failed — 5.1.1 — smtp; 550 maire9@vosges.example.org unknown', 'failed — 5.1.1 — smtp; 550 <adresse> unknown'],
    ['undelivered — job 361000004 — +33612345601 injoignable', 'undelivered — job 361000004 — <numéro> injoignable'],
    ['delivered — job 361000004', 'delivered — job 361000004'],
    ['failed — numéro 06 12 34 56 01 inconnu', 'failed — numéro <numéro> inconnu'],
    ['failed — 4.4.7 — delivery time expired', 'failed — 4.4.7 — delivery time expired'],
  ])('%s', (given, expected) => expect(withoutAddresses(given)).toBe(expected));
});

describe('validSignature', () => {
  const body = '{"tag":"x"}';
  const good = `sha256=${createHmac('sha256', 'un-secret-partage-1').update(body).digest('hex')}`;
  it.each([
    ['the right signature', good, true],
    ['no header', undefined, false],
    ['another secret', `sha256=${createHmac('sha256', 'autre-secret-000001').update(body).digest('hex')}`, false],
    ['a truncated signature', good.slice(0, 20), false],
    ['the hex without its prefix', good.slice('sha256='.length), false],
  ])('%s', (_why, header, ok) => expect(validSignature('un-secret-partage-1', body, header)).toBe(ok));
});

/** A bounce as Postfix writes it (RFC 3464), with the returned headers. */
const POSTFIX_BOUNCE = [
  'From: MAILER-DAEMON@relais.vosges.example.org (Mail Delivery System)',
  'Subject: Undelivered Mail Returned to Sender',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=delivery-status;',
  '\tboundary="4B7A1C0-12.1765000000/relais"',
  '',
  'This is a MIME-encapsulated message.',
  '',
  '--4B7A1C0-12.1765000000/relais',
  'Content-Description: Notification',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'I am sorry to have to inform you that your message could not be delivered.',
  '',
  '--4B7A1C0-12.1765000000/relais',
  'Content-Description: Delivery report',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; relais.vosges.example.org',
  'X-Postfix-Queue-ID: 4B7A1C0',
  'Arrival-Date: Sun,  6 Dec 2026 16:00:00 +0100 (CET)',
  '',
  'Final-Recipient: rfc822; maire9@vosges.example.org',
  'Original-Recipient: rfc822;maire9@vosges.example.org',
  'Action: failed',
  'Status: 5.1.1',
  'Remote-MTA: dns; mx.mairie.example.org',
  'Diagnostic-Code: smtp; 550 5.1.1 <maire9@vosges.example.org>: Recipient address',
  '    rejected: User unknown in virtual mailbox table',
  '',
  '--4B7A1C0-12.1765000000/relais',
  'Content-Description: Undelivered Message Headers',
  'Content-Type: text/rfc822-headers',
  '',
  'From: =?UTF-8?Q?Pr=C3=A9fecture?= <alerte@vosges.example.org>',
  'To: maire9@vosges.example.org',
  'X-Crisis-Reference: 0b0e8f2c-3a55-4d4e-9d1e-7f3a2b1c0d9e',
  'Subject: Inondation',
  '',
  '--4B7A1C0-12.1765000000/relais--',
  '',
].join('\r\n');

describe('parseDsn', () => {
  it('reads a Postfix bounce: the recipient, the action, the status, the diagnostic and our reference', () => {
    expect(parseDsn(POSTFIX_BOUNCE)).toEqual({
      ok: true,
      dsn: {
        reference: '0b0e8f2c-3a55-4d4e-9d1e-7f3a2b1c0d9e',
        recipients: [
          {
            recipient: 'maire9@vosges.example.org',
            action: 'failed',
            status: '5.1.1',
            diagnostic: 'smtp; 550 5.1.1 <maire9@vosges.example.org>: Recipient address rejected: User unknown in virtual mailbox table',
          },
        ],
      },
    });
  });

  it.each([
    ['a plain message', 'Subject: hello\r\nContent-Type: text/plain\r\n\r\nhi', /not a delivery status notification/],
    ['a report without its boundary', 'Content-Type: multipart/report; report-type=delivery-status\r\n\r\nx', /no boundary/],
    ['a report without a delivery-status part', POSTFIX_BOUNCE.replace('message/delivery-status', 'text/plain'), /no message\/delivery-status part/],
    ['a report naming no recipient', POSTFIX_BOUNCE.replace('Action: failed', 'Acted: failed'), /names no recipient/],
  ])('refuses %s, saying why', (_why, raw, problem) => {
    const r = parseDsn(raw);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.problem).toMatch(problem);
  });

  it('reads a base64 delivery-status part and a report without returned headers (no reference)', () => {
    const status = Buffer.from('Reporting-MTA: dns; r\r\n\r\nFinal-Recipient: rfc822; a@b.example\r\nAction: failed\r\nStatus: 4.4.7\r\n').toString('base64');
    const raw = [
      'Content-Type: multipart/report; report-type="delivery-status"; boundary=b1',
      '',
      '--b1',
      'Content-Type: message/delivery-status',
      'Content-Transfer-Encoding: base64',
      '',
      status,
      '--b1--',
    ].join('\r\n');
    expect(parseDsn(raw)).toEqual({ ok: true, dsn: { recipients: [{ recipient: 'a@b.example', action: 'failed', status: '4.4.7' }] } });
  });
});
