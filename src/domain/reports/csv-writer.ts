/**
 * A CSV writer for exports a person opens in a spreadsheet (RFC 4180): CRLF
 * between records, a field quoted when it holds the separator, a comma or a
 * semicolon (so a reader set to either never splits it), a quote or a line
 * break, and quotes doubled inside. UTF-8 with a byte-order mark, so that
 * Excel reads "Événement" as written.
 *
 * Formula injection (CWE-1236): a spreadsheet runs a cell that begins with
 * `=`, `+`, `-` or `@` (and some read a leading tab or CR the same way). Such
 * a cell is prefixed with `'`, which shows the text as typed and runs nothing.
 * Numbers are written by us, never neutralised: -3.5 stays a number.
 */

export type CsvValue = string | number | null | undefined;

export interface CsvOptions {
  delimiter?: ';' | ',';
  /** Prefix the text with U+FEFF (default true). */
  bom?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** The text of a cell, made inert if a spreadsheet would read it as a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : neutraliseFormula(value);
  return /[;,"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function writeCsv(rows: readonly (readonly CsvValue[])[], options: CsvOptions = {}): string {
  const delimiter = options.delimiter ?? ';';
  const body = rows.map((r) => r.map(csvField).join(delimiter)).join('\r\n');
  return `${options.bom === false ? '' : '\uFEFF'}${body}\r\n`;
}
