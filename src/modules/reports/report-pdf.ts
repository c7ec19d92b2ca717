import type { Block, ReportDocument } from '../../domain/reports/report-document';

/**
 * Draws a report document (src/domain/reports/report-document.ts) as an A4
 * PDF in French: tagged (PDF 1.7, structure tree with headings, paragraphs,
 * lists and real tables with header cells, language fr-FR, the title shown
 * as the window title), "Page n / N" in the footer as a pagination artifact.
 * Pure data in, a Buffer out; the standard Helvetica fonts (WinAnsi), so the
 * few characters they cannot show are replaced (see winAnsi).
 */

const MARGIN = 48;
const FOOTER_SPACE = 28;

// The characters of Windows-1252 above Latin-1's control range, which the standard fonts can draw.
const WIN_ANSI_EXTRA = new Set([...'€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ']);
const REPLACEMENTS: Record<string, string> = { '≤': '<=', '≥': '>=', '→': '->', '←': '<-', '\u202f': ' ', '\u2009': ' ', '\u2011': '-', '\u2212': '-', '✓': 'oui', '✗': 'non' };

/** Text the standard PDF fonts can draw: Latin-1 and the Windows-1252 extras; anything else is replaced. */
export function winAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch) || ch === '\n') out += ch;
    else if (ch === '\t' || ch === '\r') out += ' ';
    else out += REPLACEMENTS[ch] ?? '?';
  }
  return out;
}

export function renderPdf(report: ReportDocument, opts: { landscape?: boolean } = {}): Promise<Buffer> {
  // Loaded on the first report, not at boot: pdfkit and its fonts are a large part of the start-up (about 0.5 s of
  // module loading under Jest, paid by every test file that starts the app).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const PDFDocument = require('pdfkit') as typeof import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    layout: opts.landscape ? 'landscape' : 'portrait',
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_SPACE, left: MARGIN, right: MARGIN },
    bufferPages: true,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'fr-FR',
    displayTitle: true,
    info: { Title: winAnsi(report.title), Author: 'Préfecture — communication de crise', Subject: winAnsi(report.subtitle), Creator: 'prefecture-crisis-comms' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  const width = doc.page.width - MARGIN * 2;

  doc.font('Helvetica-Bold').fontSize(16).text(winAnsi(report.title), { structParent: root, structType: 'H1' });
  doc.moveDown(0.3);
  doc.font('Helvetica-Oblique').fontSize(9).fillColor('#333333').text(winAnsi(report.subtitle), { structParent: root, structType: 'P' });
  doc.fillColor('black').moveDown(0.8);
  for (const b of report.blocks) drawBlock(doc, root, b, width);

  root.end();
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#444444')
      .text(`Page ${i + 1 - range.start} / ${range.count}`, MARGIN, doc.page.height - MARGIN - 10, { width, align: 'right', lineBreak: false });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

function drawBlock(doc: PDFKit.PDFDocument, root: PDFKit.PDFStructureElement, b: Block, width: number): void {
  const x = MARGIN;
  switch (b.kind) {
    case 'h2':
      if (doc.y > doc.page.height - 160) doc.addPage();
      doc.moveDown(0.6).font('Helvetica-Bold').fontSize(13).fillColor('#00285a').text(winAnsi(b.text), x, doc.y, { width, structParent: root, structType: 'H2' });
      doc.fillColor('black').moveDown(0.3);
      return;
    case 'h3':
      doc.moveDown(0.3).font('Helvetica-Bold').fontSize(10.5).text(winAnsi(b.text), x, doc.y, { width, structParent: root, structType: 'H3' });
      doc.moveDown(0.2);
      return;
    case 'p':
      doc.font('Helvetica').fontSize(9.5).text(winAnsi(b.text), x, doc.y, { width, structParent: root, structType: 'P' });
      doc.moveDown(0.3);
      return;
    case 'note':
      doc.font('Helvetica-Oblique').fontSize(8.5).fillColor('#333333').text(winAnsi(b.text), x, doc.y, { width, structParent: root, structType: 'P' });
      doc.fillColor('black').moveDown(0.4);
      return;
    case 'list':
      doc
        .font('Helvetica')
        .fontSize(9.5)
        .list(b.items.map(winAnsi), x + 4, doc.y, { width: width - 4, bulletRadius: 1.5, textIndent: 10, structParent: root });
      doc.moveDown(0.4);
      return;
    case 'kv':
      doc
        .font('Helvetica')
        .fontSize(9.5)
        .list(
          b.items.map(([k, v]) => winAnsi(`${k} : ${v}`)),
          x + 4,
          doc.y,
          { width: width - 4, bulletRadius: 1.5, textIndent: 10, structParent: root },
        );
      doc.moveDown(0.4);
      return;
    case 'table':
      drawTable(doc, root, b, width);
      return;
  }
}

function drawTable(doc: PDFKit.PDFDocument, root: PDFKit.PDFStructureElement, b: Extract<Block, { kind: 'table' }>, width: number): void {
  const rel = b.widths ?? b.headers.map(() => 1);
  const sum = rel.reduce((a, n) => a + n, 0);
  const columnStyles = rel.map((w) => ({ width: (w / sum) * width }));
  doc.font('Helvetica').fontSize(7.5);
  const table = doc.table({
    position: { x: MARGIN, y: doc.y },
    maxWidth: width,
    columnStyles,
    defaultStyle: { border: 0.5, borderColor: '#888888', padding: { top: 2, bottom: 2, left: 3, right: 3 } },
    structParent: root,
  } as PDFKit.Mixins.TableOptions);
  table.row(b.headers.map((h) => ({ text: winAnsi(h), type: 'TH', backgroundColor: '#e6ebf2', font: { src: 'Helvetica-Bold' } })) as PDFKit.Mixins.RowOptions[]);
  for (const r of b.rows) table.row(r.map((c) => winAnsi(c)));
  table.end();
  doc.x = MARGIN;
  doc.moveDown(0.6);
}
