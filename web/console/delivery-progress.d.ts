// Types for the tests that import delivery-progress.js; the browser never loads this file.
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'unknown' | 'sandboxed';
export interface ProgressRow {
  key: string;
  audience: string;
  channel: string;
  total: number;
  done: number;
  counts: Record<DeliveryStatus, number>;
}
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
