/**
 * A report as a neutral document: headings, paragraphs, lists, key-value
 * lists and tables. Built once from the data (event-report-content.ts,
 * annual-report-content.ts) and drawn by each renderer (Markdown here, PDF in
 * the module), so that the two formats can never say different things.
 */
export type Block =
  | { kind: 'h2' | 'h3'; text: string }
  | { kind: 'p'; text: string }
  /** A sentence that tells how to read what follows (honesty notes). */
  | { kind: 'note'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'kv'; items: [string, string][] }
  /** `widths`: relative column widths for the PDF. */
  | { kind: 'table'; headers: string[]; rows: string[][]; widths?: number[] };

export type ReportDocument = { title: string; subtitle: string; blocks: Block[] };

const escapeMd = (text: string) => text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
const oneLine = (text: string) => text.replace(/\r\n|\r|\n/g, ' ');
const cell = (text: string) => escapeMd(oneLine(text)) || ' ';

export function renderMarkdown(doc: ReportDocument): string {
  const out: string[] = [`# ${escapeMd(oneLine(doc.title))}`, '', `_${escapeMd(oneLine(doc.subtitle))}_`, ''];
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'h2':
        out.push(`## ${escapeMd(oneLine(b.text))}`, '');
        break;
      case 'h3':
        out.push(`### ${escapeMd(oneLine(b.text))}`, '');
        break;
      case 'p':
        out.push(escapeMd(b.text), '');
        break;
      case 'note':
        out.push(`> ${escapeMd(oneLine(b.text))}`, '');
        break;
      case 'list':
        out.push(...b.items.map((i) => `- ${escapeMd(oneLine(i))}`), '');
        break;
      case 'kv':
        out.push(...b.items.map(([k, v]) => `- **${escapeMd(oneLine(k))}** : ${escapeMd(oneLine(v))}`), '');
        break;
      case 'table':
        out.push(`| ${b.headers.map(cell).join(' | ')} |`, `|${b.headers.map(() => '---').join('|')}|`, ...b.rows.map((r) => `| ${r.map(cell).join(' | ')} |`), '');
        break;
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
