// Types for the tests that import clock-format.js; the browser never loads this file.
export type ClockPhase = 'not_started' | 'pending' | 'warning' | 'urgent' | 'missed' | 'met';
export interface ClockInput {
  key?: string;
  status: 'not_started' | 'pending' | 'met' | 'missed';
  dueAt?: string | null;
  metAt?: string | null;
  metAtParis?: string | null;
  elapsedMinutes?: number | null;
}
export function minutesSeconds(ms: number): string;
export function timeOfParis(paris: string | null | undefined): string;
export function clockDisplay(clock: ClockInput, nowMs: number, warningLeadMinutes?: number[]): { phase: ClockPhase; text: string; spokenText: string };
export const CLOCK_NAMES: Record<string, string>;
export const PHASE_LABELS: Record<ClockPhase, string>;
