import { writeCsv } from './csv-writer';
import type { ReportTimelineEntry } from './event-report.types';
import { parisOr } from './report-text';

export const TIMELINE_CSV_HEADER = ['seq', 'heure_paris', 't_plus_minutes', 'acteur', 'action', 'libelle'];

/** The timeline of an event as a spreadsheet: T+ in minutes from the COD decision (empty before any COD). */
export function timelineCsv(entries: readonly ReportTimelineEntry[]): string {
  return writeCsv([TIMELINE_CSV_HEADER, ...entries.map((e) => [e.seq, parisOr(e.at, ''), e.tPlusMinutes, e.actor, e.action, e.label])]);
}
