// Types for the tests that import delivery-progress.js; the browser never loads this file.
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'unknown' | 'sandboxed';
export interface ProgressRow {
  key: string;
  audience: string;
  channel: string;
  total: number;
  done: number;
  counts: Record<DeliveryStatus, number>;
  receipts: Record<ReceiptStatus, number>;
}
export type ReceiptStatus = 'delivered' | 'bounced' | 'expired';
export const RECEIPT_STATUSES: ReceiptStatus[];
export function receiptsByKey(list: Array<{ audience: string; channel: string; receipt: string; count: number }> | null | undefined): Map<string, Record<ReceiptStatus, number>>;
export function receiptText(row: ProgressRow): string;
export const DELIVERY_STATUSES: DeliveryStatus[];
export const STATUS_LABELS: Record<DeliveryStatus, string>;
export function progressRows(input: Array<Record<string, unknown>> | null | undefined): ProgressRow[];
export function progressText(row: ProgressRow): string;
export function barWidths(row: ProgressRow): Record<DeliveryStatus, number>;
export function renderingStats(
  channel: string,
  part: string,
  stats: { length: number; x?: { weightedLength: number; valid: boolean }; sms?: { encoding: string; segments: number; perSegment: number; units: number } } | undefined,
): string;
