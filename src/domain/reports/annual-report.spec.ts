import { parse } from 'csv-parse/sync';
import { AnnualClock, AnnualEvent, annualCsv, annualReportDocument, buildAnnualReport, commitmentStats, median, parisYearBounds, parseReportYear } from './annual-report';
import { renderMarkdown } from './report-document';

const clocks = (spec: Record<string, [AnnualClock['status'], number | null, boolean?]>): AnnualClock[] =>
  ['C1', 'C2-elected', 'C2-public', 'C2-media', 'C4'].map((key) => {
    const [status, elapsedMinutes, manual] = spec[key] ?? ['not_started', null];
    return { key: key as AnnualClock['key'], status, elapsedMinutes, manual: !!manual };
  });

const event = (id: string, mode: 'real' | 'exercise', spec: Parameters<typeof clocks>[0], title = `Événement ${id}`): AnnualEvent => ({
  id,
  title,
  mode,
  kindLabel: 'Inondation',
  status: 'closed',
  placedAt: '2026-05-01T10:00:00.000Z',
  placedBy: 'cod_decision',
  clocks: clocks(spec),
});

describe('annual commitments report', () => {
  it.each([
    ['2026', { ok: true, year: 2026 }],
    ['2000', { ok: true, year: 2000 }],
    ['2100', { ok: true, year: 2100 }],
    ['1999', { ok: false }],
    ['2101', { ok: false }],
    ['26', { ok: false }],
    ['20266', { ok: false }],
    ['2026.0', { ok: false }],
    [' 2026', { ok: false }],
    [undefined, { ok: false }],
    [['2026', '2027'], { ok: false }],
  ])('year %j → %j', (raw, expected) => {
    const r = parseReportYear(raw);
    expect(r).toMatchObject(expected);
    if (!r.ok) expect(r.message).toMatch(/year/i);
  });

  it.each([
    [2026, '2025-12-31T23:00:00.000Z', '2026-12-31T23:00:00.000Z'],
    [2027, '2026-12-31T23:00:00.000Z', '2027-12-31T23:00:00.000Z'],
  ])('the Paris year %i runs from %s to %s', (year, from, to) => {
    const b = parisYearBounds(year);
    expect(b.from.toISOString()).toBe(from);
    expect(b.to.toISOString()).toBe(to);
  });

  it.each([
    [[], null],
    [[5], 5],
    [[3, 1, 2], 2],
    [[1, 2, 3, 4], 2.5],
    [[10.1, 10.2], 10.2], // (10.1 + 10.2) / 2 = 10.15, rounded up to a tenth like every elapsed figure
    [[-2, 40], 19],
  ])('median %j = %j', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  const events = [
    event('r1', 'real', { C1: ['met', 24], 'C2-elected': ['met', 30], 'C2-public': ['missed', 75], 'C2-media': ['missed', null], C4: ['pending', null] }),
    event('r2', 'real', { C1: ['met', 50], 'C2-elected': ['met', 10, true], 'C2-public': ['met', 59.9], 'C2-media': ['pending', null] }),
    event('r3', 'real', { C1: ['met', 40], 'C2-elected': ['missed', 61] }),
    event('x1', 'exercise', { C1: ['missed', 65], 'C2-elected': ['met', 20] }, '=HYPERLINK("x")'),
  ];

  it('counts met, missed, pending and not started per commitment and mode, with median and worst over the clocks that have a fact', () => {
    const s = commitmentStats(events);
    const of = (mode: string, key: string) => s.find((x) => x.mode === mode && x.key === key)!;
    expect(of('real', 'C1')).toMatchObject({ met: 3, missed: 0, pending: 0, notStarted: 0, withFact: 3, medianElapsedMinutes: 40, worstElapsedMinutes: 50 });
    expect(of('real', 'C2-elected')).toMatchObject({ met: 2, missed: 1, withFact: 3, medianElapsedMinutes: 30, worstElapsedMinutes: 61 });
    expect(of('real', 'C2-public')).toMatchObject({ met: 1, missed: 1, notStarted: 1, medianElapsedMinutes: 67.5, worstElapsedMinutes: 75 });
    // A missed clock without any fact has no delay: counted missed, absent from median and worst.
    expect(of('real', 'C2-media')).toMatchObject({ met: 0, missed: 1, pending: 1, notStarted: 1, withFact: 0, medianElapsedMinutes: null, worstElapsedMinutes: null });
    expect(of('real', 'C4')).toMatchObject({ met: 0, missed: 0, pending: 1, notStarted: 2 });
    expect(of('exercise', 'C1')).toMatchObject({ met: 0, missed: 1, medianElapsedMinutes: 65 });
    expect(of('exercise', 'C2-elected')).toMatchObject({ met: 1, missed: 0 });
    expect(s).toHaveLength(10);
  });

  it('prints the summary, the programme against the target, the events and the overdue actions', () => {
    const report = buildAnnualReport({
      year: 2026,
      generatedAt: new Date('2026-12-31T22:30:00Z'),
      events,
      programme: { year: 2026, target: 4, held: 1, planned: 1, cancelled: 1, onTrack: false, behindBy: 2 },
      overdueActions: [
        {
          id: 'a1',
          eventId: 'x1',
          eventTitle: 'Crue',
          eventMode: 'exercise',
          phase: 'cold',
          title: 'Compléter la liste des médias',
          owner: 'Marc Petit',
          dueDate: '2026-06-01',
          status: 'open',
          overdue: true,
        },
      ],
    });
    const md = renderMarkdown(annualReportDocument(report));
    expect(md).toContain('# Rapport annuel des engagements — 2026');
    expect(md).toContain('Généré le 31/12/2026 23:30');
    expect(md).toContain('de sa décision d’activation du COD, ou de sa création');
    expect(md).toContain('### Événements réels (3)');
    expect(md).toContain('### Exercices (1)');
    expect(md).toContain('| C1 | 3 | 0 | 0 | 0 | 40,0 | 50,0 |');
    expect(md).toContain('| C2-media | 0 | 1 | 1 | 1 | — | — |');
    expect(md).toContain('n’est ni tenu ni manqué');
    expect(md).toContain('**Objectif** : 4 exercices');
    expect(md).toContain('**Tenus** : 1');
    expect(md).toContain('**Situation** : en retard de 2 exercices');
    expect(md).toContain('| Compléter la liste des médias | Marc Petit | 01/06/2026 | open | Crue (Exercice) | RETEX à froid |');
    expect(md).toContain('| 01/05/2026 12:00 | Réel | Événement r2 | tenu (50,0) | tenu (10,0) manuel | tenu (59,9) | en cours | non démarré |');

    const onTrack = renderMarkdown(annualReportDocument({ ...report, programme: { ...report.programme!, onTrack: true, behindBy: 0 }, overdueActions: [] }));
    expect(onTrack).toContain('**Situation** : dans l’objectif');
    expect(onTrack).toContain('Aucune action en retard.');
    expect(renderMarkdown(annualReportDocument({ ...report, programme: null }))).toContain('Aucun programme d’exercices n’est enregistré pour 2026. Exercices trouvés dans le journal : 1.');
    expect(renderMarkdown(annualReportDocument({ ...report, events: [] }))).toContain('Aucun événement ni exercice cette année.');
  });

  it('CSV: one row per event and commitment, formula titles neutralised, parses back', () => {
    const report = buildAnnualReport({ year: 2026, generatedAt: new Date(), events, programme: null, overdueActions: [] });
    const rows: string[][] = parse(annualCsv(report), { bom: true, delimiter: ';' });
    expect(rows[0]).toEqual(['event_id', 'mode', 'title', 'placed_at_paris', 'placed_by', 'commitment', 'status', 'status_fr', 'elapsed_minutes', 'manual']);
    expect(rows).toHaveLength(1 + events.length * 5);
    expect(rows.find((r) => r[0] === 'x1' && r[5] === 'C1')).toEqual(['x1', 'exercise', '\'=HYPERLINK("x")', '01/05/2026 12:00', 'cod_decision', 'C1', 'missed', 'manqué', '65', 'non']);
    expect(rows.find((r) => r[0] === 'r1' && r[5] === 'C2-media')).toEqual(['r1', 'real', 'Événement r1', '01/05/2026 12:00', 'cod_decision', 'C2-media', 'missed', 'manqué', '', '']);
  });
});
