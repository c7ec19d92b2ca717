import { parse } from 'csv-parse/sync';
import type { Player } from './exercise-people.policy';
import { INJECT_MEANS, InjectMeans, resolveInjectRecipients } from './msel.policy';

/** An MSEL written in a spreadsheet: one inject a line, `;` or `,` between cells. */
export const INJECT_CSV_COLUMNS = ['offset_minutes', 'scenario', 'recipient', 'means', 'expected_action'] as const;

export interface InjectLine {
  line: number;
  offsetMinutes: number;
  scenario: string;
  recipient: string;
  means: InjectMeans;
  expectedAction: string;
}

export interface CsvError {
  line: number;
  column: string | null;
  message: string;
}

export type InjectCsvResult = { ok: true; injects: InjectLine[]; errors: CsvError[] } | { ok: false; message: string };

const MAX_LINES = 1000;

/**
 * Reads the file and checks every line; lines are numbered as a spreadsheet
 * shows them (the header is line 1). `ok: false` when the file cannot be read
 * as injects at all (empty, wrong header).
 */
export function parseInjectCsv(text: string, players: Player[]): InjectCsvResult {
  const clean = text.replace(/^\uFEFF/, '');
  const first = clean.split(/\r?\n/, 1)[0] ?? '';
  if (!first.trim()) return { ok: false, message: `The file is empty. Its first line must be the header: ${INJECT_CSV_COLUMNS.join(';')}.` };
  const delimiter = first.split(';').length >= first.split(',').length ? ';' : ',';
  let records: { record: string[]; info: { records: number } }[];
  try {
    records = parse(clean, { delimiter, info: true, relax_column_count: true, skip_empty_lines: false }) as unknown as typeof records;
  } catch (e) {
    return { ok: false, message: `The file cannot be read as CSV: ${(e as Error).message}` };
  }
  const header = records[0].record.map((h) => h.trim().toLowerCase());
  const index = Object.fromEntries(INJECT_CSV_COLUMNS.map((c) => [c, header.indexOf(c)]));
  const missing = INJECT_CSV_COLUMNS.filter((c) => index[c] < 0);
  if (missing.length) return { ok: false, message: `The header lacks ${missing.join(', ')}. Expected the columns ${INJECT_CSV_COLUMNS.join(delimiter)}.` };
  const body = records.slice(1).filter((r) => r.record.some((c) => c.trim() !== ''));
  if (body.length === 0) return { ok: false, message: 'The file has a header but no inject.' };
  if (body.length > MAX_LINES) return { ok: false, message: `At most ${MAX_LINES} injects per file.` };

  const injects: InjectLine[] = [];
  const errors: CsvError[] = [];
  for (const r of body) {
    const line = r.info.records;
    const cell = (c: (typeof INJECT_CSV_COLUMNS)[number]) => (r.record[index[c]] ?? '').trim();
    const err = (column: string, message: string) => errors.push({ line, column, message });
    const before = errors.length;
    const rawOffset = cell('offset_minutes').replace(',', '.');
    const offset = /^\d+(\.\d+)?$/.test(rawOffset) ? Number(rawOffset) : NaN;
    if (!(offset >= 0 && offset <= 10080)) err('offset_minutes', `"${cell('offset_minutes')}" is not a number of minutes between 0 and 10080 (e.g. 15 or 7,5).`);
    const scenario = cell('scenario');
    if (scenario.length < 3 || scenario.length > 2000) err('scenario', 'scenario must say what happens (3 to 2000 characters).');
    const recipient = cell('recipient');
    if (!recipient) err('recipient', 'recipient must be a player role or a player’s name.');
    else if (!resolveInjectRecipients(recipient, players)) err('recipient', `"${recipient}" is neither a player nor a player role of this exercise.`);
    const means = cell('means').toLowerCase();
    if (!(INJECT_MEANS as readonly string[]).includes(means)) err('means', `"${cell('means')}" is not a means: use ${INJECT_MEANS.join(', ')}.`);
    const expectedAction = cell('expected_action');
    if (expectedAction.length < 3 || expectedAction.length > 1000) err('expected_action', 'expected_action must say what the players should do (3 to 1000 characters).');
    if (errors.length === before) injects.push({ line, offsetMinutes: offset, scenario, recipient, means: means as InjectMeans, expectedAction });
  }
  return { ok: true, injects, errors };
}
