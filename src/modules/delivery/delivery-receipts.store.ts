import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ReceiptStatus } from '../../domain/channels/channel-catalogue';
import { updateReturning } from '../../database/sql';

/** A delivery as a receipt needs it, locked for the receipt's transaction. */
export interface ReceiptTarget {
  id: string;
  /** Null only for an exercise's reminder sent before its event exists. */
  event_id: string | null;
  message_id: string | null;
  page_id: string | null;
  inject_id: string | null;
  reminder_id: string | null;
  audience: string;
  channel: string;
  status: string;
  attempts: number;
  recipient_name: string | null;
  receipt_status: ReceiptStatus | null;
}

/** The receipt columns of deliveries: read and written once per delivery. */
@Injectable()
export class DeliveryReceiptsStore {
  async lock(m: EntityManager, id: string): Promise<ReceiptTarget | undefined> {
    const [row] = await m.query(
      `SELECT id, event_id, message_id, page_id, inject_id, reminder_id, audience, channel, status, attempts, recipient_name, receipt_status FROM deliveries WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row;
  }

  /**
   * The SMS the gateway gave this id (proof.jobId): a report of a batch, whose
   * tag is the job's, not one delivery's. Uses IDX_deliveries_sms_job.
   */
  async smsOfJob(m: EntityManager, jobId: string): Promise<string | undefined> {
    const [row] = await m.query(`SELECT id FROM deliveries WHERE channel = 'sms' AND proof IS NOT NULL AND proof ->> 'jobId' = $1 LIMIT 1`, [jobId]);
    return row?.id;
  }

  /** Whether a claimed batch is still being sent or recorded (its rows still carry its lease token). */
  async batchInFlight(m: EntityManager, token: string): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM deliveries WHERE status = 'sending' AND lease_token = $1 LIMIT 1`, [token]);
    return rows.length > 0;
  }

  /** Records the first final receipt (a conditional update decides, once), on the database clock. */
  async record(m: EntityManager, id: string, receipt: ReceiptStatus, detail: string): Promise<Date | null> {
    const [row] = await updateReturning<{ receipt_at: Date }>(
      m,
      `UPDATE deliveries SET receipt_status = $2, receipt_at = clock_timestamp(), receipt_detail = $3, updated_at = clock_timestamp()
        WHERE id = $1 AND receipt_status IS NULL RETURNING receipt_at`,
      [id, receipt, detail],
    );
    return row ? new Date(row.receipt_at) : null;
  }
}
