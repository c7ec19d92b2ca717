import { annualReportDocument, buildAnnualReport } from '../../src/domain/reports/annual-report';
import { eventReportDocument } from '../../src/domain/reports/event-report-content';
import { renderPdf, winAnsi } from '../../src/modules/reports/report-pdf';
import { pdfInfo, pdfText } from './pdf-text';
import { sampleReport } from './report-fixture';

const squash = (s: string) => s.replace(/[ \t]+/g, ' ');

describe('the PDF of a report, read back with pdftotext', () => {
  jest.setTimeout(60_000);

  it('holds every section: the commitments table, the cell, deliveries, the injects and responses, each debrief and its action plan, the timeline; A4, tagged, French, "Page n / N"', async () => {
    const timeline = Array.from({ length: 120 }, (_, i) => ({
      seq: i + 1,
      at: new Date(Date.UTC(2026, 2, 10, 8, i)).toISOString(),
      tPlusMinutes: i,
      actor: 'astreinte',
      action: 'x',
      label: `Entrée numéro ${i + 1} de la chronologie`,
    }));
    const pdf = await renderPdf(eventReportDocument(sampleReport({ timeline })), { landscape: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const info = pdfInfo(pdf);
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
    expect(info).toMatch(/PDF version:\s+1\.7/);
    expect(info).toMatch(/Title:\s+Rapport après action — Crue de la Moselle — exercice/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThan(2);
    expect(pdf.toString('latin1')).toMatch(/\/Lang \(fr-FR\)/);

    const text = squash(pdfText(pdf));
    for (let n = 1; n <= pages; n++) expect(text).toContain(`Page ${n} / ${pages}`);
    // The commitments table, row by row: key, status word, elapsed minutes.
    expect(text).toMatch(/C1 10\/03\/2026 09:01 10\/03\/2026 10:01 tenu 10\/03\/2026 09:25 24,0/);
    expect(text).toMatch(/C2-elected .*tenu .*32,5/);
    expect(text).toMatch(/C2-public .*tenu .*40,0/);
    expect(text).toMatch(/C2-media .*manqué .*70,0/);
    expect(text).toMatch(/C4 — — non démarré — —/);
    for (const s of [
      '3. Engagements',
      'Claire Dupont',
      'Mairie de Docelles — échec : 550 mailbox unavailable',
      '7. Exercice : injects et réponses',
      'La Moselle déborde à Épinal',
      'Cellule appelée à 09h01',
      'RETEX à chaud du 10/03/2026 12:00',
      'RETEX à froid du 02/04/2026 10:00',
      'Compléter la liste des médias',
      'Former Anne Roux à la',
      'Entrée numéro 120 de la chronologie',
    ])
      expect(text).toContain(s);
  });

  it('the annual report PDF holds the summary per commitment and the programme', async () => {
    const report = buildAnnualReport({
      year: 2026,
      generatedAt: new Date('2026-06-01T10:00:00Z'),
      events: [
        {
          id: 'e1',
          title: 'Crue',
          mode: 'real',
          kindLabel: 'Inondation',
          status: 'closed',
          placedAt: '2026-05-01T10:00:00Z',
          placedBy: 'cod_decision',
          clocks: [{ key: 'C1', status: 'met', elapsedMinutes: 24, manual: false }],
        },
      ],
      programme: { year: 2026, target: 4, held: 3, planned: 1, cancelled: 0, onTrack: true, behindBy: 0 },
      overdueActions: [],
    });
    const text = squash(pdfText(await renderPdf(annualReportDocument(report), { landscape: true })));
    expect(text).toContain('Rapport annuel des engagements — 2026');
    expect(text).toMatch(/C1 1 0 0 0 24,0 24,0/);
    expect(text).toContain('Objectif : 4 exercices');
    expect(text).toContain('Page 1 / ');
  });

  it.each([
    ['Événement — « crue » … œuvre €', 'Événement — « crue » … œuvre €'],
    ['≤ 60 min → ok', '<= 60 min -> ok'],
    ['emoji 🚒', 'emoji ?'],
    ['tab\there', 'tab here'],
  ])('winAnsi(%j) = %j', (input, out) => {
    expect(winAnsi(input)).toBe(out);
  });
});
