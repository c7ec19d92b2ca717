// Types for the tests that import labels.js; the browser never loads this file.
type Table = Record<string, string>;
export const EVENT_STATUS_LABELS: Table;
export const MESSAGE_STATUS_LABELS: Table;
export const ROLE_LABELS: Table;
export const EXERCISE_STATUS_LABELS: Table;
export const ACTION_STATUS_LABELS: Table;
export const PAGE_OUTCOME_LABELS: Table;
export const ESCALATION_LABELS: Table;
export const ERROR_MESSAGES: Record<string, string | ((details: any) => string)>;
export const MACHINE_ERROR_CODES: string[];
export function audienceLabel(settings: { audiences?: { value: string; label: string }[] } | null, value: string): string;
export function channelLabel(settings: { channels?: { value: string; label: string }[] } | null, value: string): string;
export function errorMessage(status: number, code: string | undefined, apiMessage: string | undefined, details?: unknown): string;
export const ACTOR_LABELS: Table;
export function actorLabel(actor: string): string;
