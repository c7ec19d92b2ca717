import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppError, badRequest, conflict, notFound } from '../../common/app-error';
import { readRawBody } from '../../common/raw-body';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { ReceiptStatus } from '../../domain/channels/channel-catalogue';
import { dsnReceiptStatus, receiptStep, smsReceiptStatus, validSignature, withoutAddresses } from '../../domain/channels/delivery-receipt.policy';
import { parseDsn } from '../../domain/channels/dsn.parser';
import { isUuid } from '../../domain/ids';
import { SMS_BATCH_TAG } from '../channels/channel-adapter.types';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { DeliveryProgressStore } from './delivery-progress.store';
import { DeliveryReceiptsStore } from './delivery-receipts.store';
import { SUBJECT_TYPES } from './delivery-results.service';
import { ownerOf } from './delivery.store';

const MAX_BOUNCE_BYTES = 1024 * 1024;

/** What a receipt became: recorded, or why nothing changed. */
export interface ReceiptAnswer {
  deliveryId: string;
  receipt: ReceiptStatus | null;
  recorded: boolean;
  note?: string;
  receiptAt?: string;
}

interface Incoming {
  deliveryId: string;
  channel: 'sms' | 'email';
  receipt: ReceiptStatus;
  detail: string;
  actor: string;
}

/**
 * The providers' word after acceptance: the SMS gateway's delivery reports and
 * the relay's bounces. Each is authenticated by a shared secret (HMAC of the
 * raw body), refused when it names no delivery of ours, and recorded once per
 * delivery, audited, on the database clock.
 */
@Injectable()
export class DeliveryReceiptsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly store: DeliveryReceiptsStore,
    private readonly progress: DeliveryProgressStore,
  ) {}

  /** A JSON delivery report: `{ tag: <delivery id>, id?: <job id>, receiver?, status, description? }`. */
  async smsReport(rawBody: Buffer | undefined, body: unknown, signature: string | undefined): Promise<ReceiptAnswer> {
    const secret = this.config.channels.receipts.smsSecret;
    if (!secret) throw new AppError(HttpStatus.NOT_FOUND, 'sms_receipts_not_configured', 'SMS delivery reports are not accepted here: set SMS_RECEIPT_SECRET.');
    if (!rawBody) throw new AppError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'sms_receipt_content_type', 'Send the delivery report as JSON (Content-Type: application/json).');
    if (!validSignature(secret, rawBody, signature)) throw new AppError(HttpStatus.UNAUTHORIZED, 'sms_receipt_bad_signature', 'The X-Sms-Signature header is missing or does not match the body.');
    const report = (body ?? {}) as Record<string, unknown>;
    if (typeof report.tag !== 'string' || report.tag === '') throw badRequest('sms_receipt_no_tag', 'The report has no tag: it must carry the delivery id given as the tag of the SMS job.');
    if (typeof report.status !== 'string') throw badRequest('sms_receipt_no_status', 'The report has no status (delivered, failed, expired…).');
    const receipt = smsReceiptStatus(report.status);
    if (receipt === 'not-understood')
      throw badRequest('sms_receipt_unknown_status', `The report's status "${report.status.slice(0, 40)}" is not one we know (delivered, failed, rejected, expired, buffered…).`);
    // A job of one SMS carries its delivery id as tag; a batch's tag is the job's, and its id names the recipient's SMS.
    const jobId = typeof report.id === 'string' || typeof report.id === 'number' ? String(report.id) : undefined;
    const deliveryId = isUuid(report.tag) || !jobId ? report.tag : await this.smsOfBatchReport(report.tag, jobId);
    if (receipt === null) return { deliveryId, receipt: null, recorded: false, note: 'not final yet: nothing recorded' };
    const detail = [report.status, typeof report.id === 'string' || typeof report.id === 'number' ? `job ${report.id}` : '', typeof report.description === 'string' ? report.description : '']
      .filter(Boolean)
      .join(' — ')
      .slice(0, 300);
    return this.apply({ deliveryId, channel: 'sms', receipt, detail, actor: 'sms-gateway' });
  }

  /**
   * The delivery of a report on a batch job, by the id the gateway gave its
   * number. A report that comes back while its batch is still being recorded
   * (the gateway answered a moment ago) gets a 503, which a gateway retries;
   * once the batch is recorded an unknown id is a 404, never a 5xx for ever.
   */
  private async smsOfBatchReport(tag: string, jobId: string): Promise<string> {
    const found = await this.uow.run(async (work) => {
      // In this order: a batch seen recorded (no row still sending) has its job ids committed, and the next
      // statement sees them (read committed); the other order could miss both as the batch commits in between.
      const token = tag.startsWith(SMS_BATCH_TAG) ? tag.slice(SMS_BATCH_TAG.length) : '';
      if (isUuid(token) && (await this.store.batchInFlight(work.manager, token))) return { inFlight: true };
      return { inFlight: false, id: await this.store.smsOfJob(work.manager, jobId) };
    });
    if (found.inFlight) {
      throw new AppError(HttpStatus.SERVICE_UNAVAILABLE, 'sms_receipt_too_early', `The SMS of job ${jobId.slice(0, 40)} is still being recorded: send the report again in a few seconds.`);
    }
    return found.id ?? tag;
  }

  /** A bounce forwarded by the relay: the DSN itself (message/rfc822), signed. */
  async emailBounce(req: Request, signature: string | undefined): Promise<ReceiptAnswer> {
    const secret = this.config.channels.receipts.emailBounceSecret;
    if (!secret) throw new AppError(HttpStatus.NOT_FOUND, 'email_bounces_not_configured', 'Email bounces are not accepted here: set EMAIL_BOUNCE_SECRET.');
    const raw = await readRaw(req);
    if (!validSignature(secret, raw, signature)) throw new AppError(HttpStatus.UNAUTHORIZED, 'email_bounce_bad_signature', 'The X-Bounce-Signature header is missing or does not match the body.');
    const parsed = parseDsn(raw.toString('utf8'));
    if (!parsed.ok) throw badRequest('email_bounce_not_dsn', `This is not a bounce we can read: ${parsed.problem}.`);
    const { reference, recipients } = parsed.dsn;
    if (!reference) throw badRequest('email_bounce_no_reference', 'The bounce does not return the X-Crisis-Reference header of the original message: it cannot be tied to a delivery.');
    const first = recipients[0];
    const receipt = dsnReceiptStatus(first.action, first.status);
    if (receipt === 'not-understood')
      throw badRequest('email_bounce_unknown_action', `The bounce's Action "${first.action.slice(0, 40)}" is not one of RFC 3464 (failed, delayed, delivered, relayed, expanded).`);
    if (receipt === null) return { deliveryId: reference, receipt: null, recorded: false, note: 'delayed: not final, nothing recorded' };
    const detail = [first.action, first.status, first.diagnostic].filter(Boolean).join(' — ').slice(0, 300);
    return this.apply({ deliveryId: reference, channel: 'email', receipt, detail, actor: 'email-relay' });
  }

  private apply(r: Incoming): Promise<ReceiptAnswer> {
    const unknown = () => notFound('delivery_not_found', `No delivery has the id "${r.deliveryId.slice(0, 60)}": the receipt is refused.`);
    if (!isUuid(r.deliveryId)) throw unknown();
    return this.uow.run(async (work) => {
      const m = work.manager;
      const row = await this.store.lock(m, r.deliveryId);
      if (!row) throw unknown();
      if (row.channel !== r.channel) throw conflict('receipt_wrong_channel', `Delivery ${row.id} went by ${row.channel}, not ${r.channel}: the receipt is refused.`);
      if (row.attempts === 0 || row.status === 'sandboxed') throw conflict('receipt_never_sent', `Delivery ${row.id} was never handed to a provider (${row.status}): the receipt is refused.`);
      const step = receiptStep(row.receipt_status, r.receipt);
      if (step !== 'record') {
        const note = step === 'already' ? 'already recorded' : `a ${row.receipt_status} receipt was recorded first and is kept`;
        return { deliveryId: row.id, receipt: row.receipt_status, recorded: false, note };
      }
      const at = await this.store.record(m, row.id, r.receipt, r.detail);
      if (!at) return { deliveryId: row.id, receipt: row.receipt_status, recorded: false, note: 'already recorded' };
      await work.audit({
        actor: r.actor,
        action: 'delivery.receipt',
        subjectType: SUBJECT_TYPES[ownerOf(row).column],
        subjectId: ownerOf(row).id,
        payload: {
          eventId: row.event_id,
          deliveryId: row.id,
          channel: row.channel,
          audience: row.audience,
          recipient: row.recipient_name,
          receipt: r.receipt,
          detail: withoutAddresses(r.detail),
          receiptAt: at.toISOString(),
        },
      });
      if (row.message_id && row.event_id) {
        // In turn: both run on the transaction's one connection; pg queues a second statement sent meanwhile, and says it will stop doing so in pg 9.
        const counts = await this.progress.counts(row.message_id, m);
        const receipts = await this.progress.receiptCounts(row.message_id, m);
        work.publish({ eventId: row.event_id, type: 'delivery.changed', data: { messageId: row.message_id, counts, receipts } });
      }
      return { deliveryId: row.id, receipt: r.receipt, recorded: true, receiptAt: at.toISOString() };
    });
  }
}

/** The raw body of a type no parser read (message/rfc822), at most 1 MB. */
async function readRaw(req: Request): Promise<Buffer> {
  const raw = await readRawBody(req, {
    maxBytes: MAX_BOUNCE_BYTES,
    wrongType: () =>
      new AppError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'email_bounce_content_type',
        `Send the bounce itself as the body with Content-Type: message/rfc822 (received ${req.headers['content-type'] ?? 'no type'}).`,
      ),
    tooLarge: () => new AppError(HttpStatus.PAYLOAD_TOO_LARGE, 'email_bounce_too_large', 'The bounce is larger than 1 MB.'),
  });
  if (raw.length === 0) throw badRequest('email_bounce_empty', 'The request has no body: send the bounce (the DSN) as the body.');
  return raw;
}
