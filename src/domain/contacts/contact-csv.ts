import { parse } from 'csv-parse/sync';

import { checkCommune, checkEmail, checkMobile } from './contact-checks';
import { naturalKey } from './contact-key';
import { type ContactKind, CONTACT_KINDS, KINDS_WITH_COMMUNE, isContactKind } from './contact-kinds';

export interface ValidContact {
  /** Line in the file as a spreadsheet shows it (header = 1). */
  line: number;
  kind: ContactKind;
  name: string;
  organisation: string | null;
  communeInsee: string | null;
  /** Official name of the commune, from the INSEE code. */
  communeName: string | null;
  /** Lower case, so that the same address is the same contact. */
  email: string | null;
  /** E.164, e.g. +33639980001. */
  mobile: string | null;
  exerciseParticipant: boolean;
  /** Static list names, in the order given, without duplicates. */
  lists: string[];
}

export interface ContactCsvError {
  line: number;
  /** Null when the whole line is wrong (wrong number of cells, broken quoting). */
  column: string | null;
  why: string;
}

export interface ContactCsvResult {
  rows: ValidContact[];
  errors: ContactCsvError[];
  delimiter: ';' | ',';
  /** The known columns the header names: an import touches only what the file says (no lists column, lists untouched). */
  columns: string[];
}

export interface ContactCsvOptions {
  /** When set (e.g. '88'), communes of other departments are refused. */
  department?: string;
}

export const CONTACT_COLUMNS = ['kind', 'name', 'organisation', 'commune_insee', 'email', 'mobile', 'exercise_participant', 'lists'] as const;
type Column = (typeof CONTACT_COLUMNS)[number];

/** French words people type in the kind column, to point them at the right value. */
const KIND_HINTS: Record<string, ContactKind> = {
  maire: 'mayor',
  adjoint: 'deputy_mayor',
  'maire adjoint': 'deputy_mayor',
  'maire-adjoint': 'deputy_mayor',
  depute: 'mp',
  député: 'mp',
  deputee: 'mp',
  députée: 'mp',
  senateur: 'senator',
  sénateur: 'senator',
  sénatrice: 'senator',
  'conseiller departemental': 'departmental_councillor',
  'conseiller départemental': 'departmental_councillor',
  'conseiller regional': 'regional_councillor',
  'conseiller régional': 'regional_councillor',
  redaction: 'newsroom',
  rédaction: 'newsroom',
  média: 'newsroom',
  media: 'newsroom',
  agence: 'agency',
  service: 'internal_service',
};

const TRUE_WORDS = new Set(['true', 'oui', 'yes', '1', 'vrai', 'x']);
const FALSE_WORDS = new Set(['false', 'non', 'no', '0', 'faux']);

/**
 * Bytes from an upload. French Excel writes "CSV (séparateur : point-virgule)"
 * in Windows-1252, not UTF-8: a file that is not valid UTF-8 is read as such
 * rather than turning every accent into a replacement character.
 */
export function decodeCsv(input: string | Uint8Array): string {
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
  // Excel's "Texte Unicode" and some exports write UTF-16 with a byte order mark.
  if (input[0] === 0xff && input[1] === 0xfe) return new TextDecoder('utf-16le').decode(input);
  if (input[0] === 0xfe && input[1] === 0xff) return new TextDecoder('utf-16be').decode(input);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input);
  } catch {
    return new TextDecoder('windows-1252').decode(input);
  }
}

const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'an Excel workbook (.xlsx) or another zip file' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an old Excel workbook (.xls)' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
];

/**
 * Why these bytes are not a CSV text at all, or undefined. Reading a workbook
 * as text would report hundreds of meaningless "bad lines"; one sentence that
 * says what to do is what the person needs.
 */
export function unreadableCsvReason(input: string | Uint8Array): string | undefined {
  if (typeof input === 'string') return undefined;
  const save = 'open it in your spreadsheet and save it as "CSV UTF-8" or "CSV (séparateur : point-virgule)"';
  const signature = SIGNATURES.find((s) => s.bytes.every((b, i) => input[i] === b));
  if (signature) return `the file is ${signature.what}, not a CSV text: ${save}`;
  const hasBom = (input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff);
  if (!hasBom && input.subarray(0, 4096).includes(0)) {
    return `the file contains binary data (or UTF-16 text without a byte order mark), not a CSV text: ${save}`;
  }
  return undefined;
}

/** The first line that is not blank (its `\r` kept), read without splitting the whole file. */
function firstNonBlankLine(text: string): string {
  for (let start = 0; start < text.length;) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end);
    if (line.trim() !== '') return line;
    if (end < 0) break;
    start = end + 1;
  }
  return '';
}

/**
 * The header decides: French exports use `;` because `,` is their decimal mark.
 * Only the header is read: splitting a 35,000-line file into lines to find it
 * left the app 130 MB larger in native memory that the allocator never gave
 * back (measured while core-js had V8's RegExp fast paths off; see twitter-text.ts).
 */
export function detectDelimiter(text: string): ';' | ',' {
  const first = firstNonBlankLine(text);
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const c of first) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ';') semicolons += 1;
    else if (!quoted && c === ',') commas += 1;
  }
  return semicolons > commas ? ';' : ',';
}

const normaliseHeader = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

interface Row {
  line: number;
  cells: string[];
}

/**
 * The spreadsheet line where a quoted cell opens and never closes. Line breaks
 * inside quotes do not start a new line, as a spreadsheet shows it.
 */
function unclosedQuoteLine(text: string, delimiter: string): number | undefined {
  let line = 1;
  let openedAt: number | undefined;
  let fieldStart = true;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (openedAt !== undefined) {
      if (c === '"' && text[i + 1] === '"') i += 1;
      else if (c === '"') {
        openedAt = undefined;
        fieldStart = false;
      }
      continue;
    }
    if (c === '"' && fieldStart) openedAt = line;
    else if (c === '\n') line += 1;
    fieldStart = c === delimiter || c === '\n' || (c === '\r' && text[i + 1] === '\n');
  }
  return openedAt;
}

function readRows(text: string, delimiter: string): { rows: Row[]; error?: ContactCsvError } {
  try {
    const records = parse(text, {
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as unknown as { record: string[]; info: { records: number } }[];
    // info.records counts records, blank ones included: the row number a spreadsheet shows, even when a cell spans lines.
    return { rows: records.map((r) => ({ line: r.info.records, cells: r.record })) };
  } catch (e) {
    const err = e as { code?: string; lines?: number; message?: string };
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
      const line = unclosedQuoteLine(text, delimiter) ?? err.lines ?? 1;
      return { rows: [], error: { line, column: null, why: 'a quote (") opens a cell on this line and is never closed, so the rest of the file cannot be read' } };
    }
    return { rows: [], error: { line: err.lines ?? 1, column: null, why: `the file cannot be read as CSV: ${err.message ?? String(e)}` } };
  }
}

/**
 * Reads a contacts CSV and reports every bad line at once, each with its line
 * number as a spreadsheet shows it, the column and a reason a person can act on.
 * Valid lines are returned too; the caller decides whether to import them while
 * other lines are bad.
 */
export function parseContactsCsv(input: string | Uint8Array, options: ContactCsvOptions = {}): ContactCsvResult {
  const unreadable = unreadableCsvReason(input);
  if (unreadable) return { rows: [], errors: [{ line: 1, column: null, why: unreadable }], delimiter: ';', columns: [] };
  const text = decodeCsv(input);
  const delimiter = detectDelimiter(text);
  const errors: ContactCsvError[] = [];
  const index = new Map<Column, number>();
  const result = (rows: ValidContact[]): ContactCsvResult => ({
    rows,
    errors: errors.sort((a, b) => a.line - b.line || CONTACT_COLUMNS.indexOf(a.column as Column) - CONTACT_COLUMNS.indexOf(b.column as Column)),
    delimiter,
    columns: CONTACT_COLUMNS.filter((c) => index.has(c)),
  });

  if (text.trim() === '') {
    errors.push({ line: 1, column: null, why: `the file is empty; the first line must name the columns: ${CONTACT_COLUMNS.join(delimiter)}` });
    return result([]);
  }
  const { rows, error } = readRows(text, delimiter);
  if (error) {
    errors.push(error);
    return result([]);
  }

  // The header: every known column at most once, no unknown one (a typo would silently drop a column).
  const [headerRow, ...dataRows] = rows;
  const header = headerRow.cells.map(normaliseHeader);
  header.forEach((h, i) => {
    if (h === '' && i === header.length - 1) return; // a trailing delimiter, as some exports write
    if (!(CONTACT_COLUMNS as readonly string[]).includes(h)) {
      errors.push({ line: 1, column: headerRow.cells[i].trim(), why: `unknown column "${headerRow.cells[i].trim()}"; the columns are ${CONTACT_COLUMNS.join(', ')}` });
    } else if (index.has(h as Column)) {
      errors.push({ line: 1, column: h, why: `the column ${h} appears twice` });
    } else index.set(h as Column, i);
  });
  for (const required of ['kind', 'name'] as const) {
    if (!index.has(required)) errors.push({ line: 1, column: required, why: `the required column ${required} is missing` });
  }
  if (!index.has('email') && !index.has('mobile')) errors.push({ line: 1, column: 'email', why: 'the file needs an email or a mobile column' });
  if (errors.length) return result([]);

  const valid: ValidContact[] = [];
  const emailLines = new Map<string, number>();
  // The import updates a contact found by kind, name, organisation and commune: two lines with that key would be one contact.
  const keyLines = new Map<string, number>();

  for (const { line, cells } of dataRows) {
    if (cells.every((c) => c.trim() === '')) continue;
    if (cells.length !== header.length) {
      const hint = cells.length > header.length ? `; a value probably contains "${delimiter}" without quotes around it` : '';
      errors.push({ line, column: null, why: `this line has ${cells.length} cells but the header has ${header.length}${hint}` });
      continue;
    }
    const before = errors.length;
    const cell = (c: Column) => (index.has(c) ? cells[index.get(c)!].trim() : '');
    const fail = (column: Column) => (why: string) => errors.push({ line, column, why });

    const kindRaw = cell('kind');
    const kindWord = kindRaw.toLowerCase();
    let kind: ContactKind | undefined;
    if (kindWord === '') fail('kind')(`kind is empty; expected one of ${CONTACT_KINDS.join(', ')}`);
    else if (isContactKind(kindWord)) kind = kindWord;
    else {
      const hint = KIND_HINTS[kindWord];
      fail('kind')(`unknown kind "${kindRaw}"${hint ? ` (write ${hint})` : ''}; expected one of ${CONTACT_KINDS.join(', ')}`);
    }

    const name = cell('name');
    if (name === '') fail('name')('name is empty');
    else if (name.length > 200) fail('name')(`name is ${name.length} characters long; the limit is 200`);

    const organisation = cell('organisation');
    if (organisation.length > 200) fail('organisation')(`organisation is ${organisation.length} characters long; the limit is 200`);

    const communeCode = cell('commune_insee');
    let communeName: string | undefined;
    if (communeCode !== '') communeName = checkCommune(communeCode, options, fail('commune_insee'));
    else if (kind && KINDS_WITH_COMMUNE.includes(kind)) fail('commune_insee')(`a ${kind} needs the INSEE code of their commune (e.g. 88160 for Épinal)`);

    const emailRaw = cell('email');
    let email: string | undefined;
    if (emailRaw !== '') {
      email = checkEmail(emailRaw, fail('email'), 'one email address per line; put other addresses on lines of their own');
      if (email) {
        const first = emailLines.get(email);
        if (first !== undefined) {
          fail('email')(`${email} is already on line ${first}; each email address may appear once`);
          email = undefined;
        } else emailLines.set(email, line);
      }
    }

    const mobileRaw = cell('mobile');
    const mobile = mobileRaw !== '' ? checkMobile(mobileRaw, fail('mobile')) : undefined;
    if (emailRaw === '' && mobileRaw === '') fail('email')('needs an email address or a mobile number; both are empty');

    const participantRaw = cell('exercise_participant').toLowerCase();
    let exerciseParticipant = false;
    if (TRUE_WORDS.has(participantRaw)) exerciseParticipant = true;
    else if (participantRaw !== '' && !FALSE_WORDS.has(participantRaw)) {
      fail('exercise_participant')(`"${cell('exercise_participant')}" is not a yes or no; write true, false, oui or non`);
    }

    const lists: string[] = [];
    for (const l of cell('lists')
      .split(';')
      .map((s) => s.trim())) {
      if (l === '') continue;
      if (l.length > 80) fail('lists')(`the list name "${l.slice(0, 20)}…" is ${l.length} characters long; the limit is 80`);
      else if (!lists.includes(l)) lists.push(l);
    }

    if (errors.length > before || !kind) continue;
    const row: ValidContact = {
      line,
      kind,
      name,
      organisation: organisation || null,
      communeInsee: communeName ? communeCode.toUpperCase() : null,
      communeName: communeName ?? null,
      email: email ?? null,
      mobile: mobile ?? null,
      exerciseParticipant,
      lists,
    };
    const key = naturalKey(row);
    const first = keyLines.get(key);
    if (first !== undefined) {
      const where = [organisation, communeName].filter(Boolean).join(', ');
      fail('name')(`${name} (${kind}${where ? `, ${where}` : ''}) is already on line ${first}; each contact may appear once`);
    } else {
      keyLines.set(key, line);
      valid.push(row);
    }
  }
  return result(valid);
}
