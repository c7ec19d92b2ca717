import { parse } from 'csv-parse/sync';
import { DEBRIEFS, EXERCISE, sampleReport } from '../../../test/reports/report-fixture';
import { eventReportDocument, frenchDate } from './event-report-content';
import { renderMarkdown } from './report-document';
import { timelineCsv } from './timeline-csv';

describe('after-action report content', () => {
  const md = renderMarkdown(eventReportDocument(sampleReport()));

  it.each([
    ['title', '# Rapport après action — Crue de la Moselle — exercice'],
    ['SYNERGI reference', 'SYN\\-88\\-2026\\-0042'.replace(/\\/g, '')],
    ['COD decided in Paris time', '**Décidée le** : 10/03/2026 09:00'],
    ['COD recorded later', '**Enregistrée le** : 10/03/2026 09:05'],
    ['C1 row', '| C1 | 10/03/2026 09:01 | 10/03/2026 10:01 | tenu | 10/03/2026 09:25 | 24,0 | Cellule déclarée opérationnelle | non |'],
    ['a manual fact', '| C2-public | 10/03/2026 09:00 | 10/03/2026 10:00 | tenu | 10/03/2026 09:40 | 40,0 | Grand public : message radio (radio, saisi par astreinte) | oui |'],
    ['a late fact stays missed', '| C2-media | 10/03/2026 09:00 | 10/03/2026 10:00 | manqué | 10/03/2026 10:10 | 70,0 |'],
    ['not started', '| C4 | — | — | non démarré | — | — | — | — |'],
    ['the honesty note', 'n’est ni tenu ni manqué'],
    ['uncovered role at the call', 'rôles sans astreinte : relations presse'],
    ['a page', '| chef de cellule | Claire Dupont | 1 | 10/03/2026 09:01 | courriel accepté | 10/03/2026 09:10 par son lien | pris en compte |'],
    ['delivery line: accepted, then what the receipts said', '| Élus | courriel | 3 | 2 | 1 remis, 1 rejeté | 0 | 1 | 0 | 0 | 10/03/2026 09:32 | 10/03/2026 09:33 |'],
    ['delivery failure', 'Mairie de Docelles — échec : 550 mailbox unavailable'],
    ['no CIP', 'La CIP n’a pas été ordonnée.'],
    ['exercise director', '**Directeur d’exercice** : Mme Directrice Exercice'],
    ['exercise type in French', '**Exercice** : Crue de la Moselle à Épinal (exercice fonctionnel)'],
    ['an objective', '- Informer les maires dans l’heure'],
    [
      'inject with response',
      '| 1 | T+0 | La Moselle déborde à Épinal | chef de cellule | console | Appeler la cellule | délivré | 10/03/2026 09:00 | Cellule appelée à 09h01 (Claire Dupont, 10/03/2026 09:01) |',
    ],
    ['skipped inject', '| 2 | T+20 | Un journaliste de Vosges Matin appelle | Marc Petit | sms | Communiqué aux médias | sauté | — | sans réponse |'],
    ['hot debrief', '### RETEX à chaud du 10/03/2026 12:00'],
    ['cold debrief', '### RETEX à froid du 02/04/2026 10:00'],
    ['finding linked to the timeline', 'Le communiqué aux médias est parti après l’échéance (chronologie n° 12, 15)'],
    ['overdue action', '| Compléter la liste des médias locaux | Marc Petit | 01/04/2026 | ouverte | oui |'],
    ['action in progress', '| Former Anne Roux à la rédaction | Claire Dupont | 30/06/2026 | en cours | non |'],
    ['timeline T+', '| 12 | 10/03/2026 09:00 | T+0,0 | astreinte | Activation du COD décidée |'],
    ['timeline before COD, Markdown escaped', '| 15 | 10/03/2026 08:58 | T-2,0 | =HYPERLINK("http://evil") | @SUM(A1:A9); "cité", virgule |'],
  ])('%s', (_what, expected) => {
    expect(md).toContain(expected);
  });

  it.each([
    ['real event without exercise', sampleReport({ exercise: null, event: { ...sampleReport().event, mode: 'real' } }), 'Sans objet : événement réel.'],
    ['exercise event not linked to a programme', sampleReport({ exercise: null }), 'Aucun programme d’exercice n’est lié à cet événement.'],
    ['no debrief yet', sampleReport({ debriefs: [] }), 'Aucun RETEX n’a encore été tenu.'],
    ['exercise without injects', sampleReport({ exercise: { ...EXERCISE, injects: [] } }), 'Aucun inject.'],
    ['debrief without actions', sampleReport({ debriefs: [{ ...DEBRIEFS[1], actions: [] }] }), 'Aucune action.'],
    ['no COD', sampleReport({ cod: null }), 'Le COD n’a pas été activé pour cet événement.'],
    ['no page', sampleReport({ cell: { calledAt: null, operationalAt: null, activations: [], pages: [] } }), 'Aucun membre n’a été appelé.'],
    ['no delivery', sampleReport({ deliveries: [] }), 'Aucun message n’a été diffusé.'],
    [
      'CIP with its number',
      sampleReport({ cip: { orderedAt: '2026-03-10T08:30:00.000Z', recordedAt: null, orderedBy: 'M. le Préfet', nationalNumber: '+33800130000', openedAt: null } }),
      '**Numéro national (NNIP)** : +33800130000',
    ],
  ])('%s', (_what, report, expected) => {
    expect(renderMarkdown(eventReportDocument(report))).toContain(expected);
  });

  it('escapes Markdown in table cells so a title cannot break the table', () => {
    const out = renderMarkdown(eventReportDocument(sampleReport({ timeline: [{ seq: 1, at: '2026-03-10T08:00:00.000Z', tPlusMinutes: 0, actor: 'a|b', action: 'x', label: 'ligne\nsuite *gras*' }] })));
    expect(out).toContain('| 1 | 10/03/2026 09:00 | T+0,0 | a\\|b | ligne suite \\*gras\\* |');
  });

  it('frenchDate', () => {
    expect(frenchDate('2026-04-01')).toBe('01/04/2026');
    expect(frenchDate('bad')).toBe('bad');
  });

  it('timeline CSV: header, Paris time, T+ as a number, formula cells neutralised, parses back to the same rows', () => {
    const csv = timelineCsv(sampleReport().timeline);
    const rows = parse(csv, { bom: true, delimiter: ';' });
    expect(rows).toEqual([
      ['seq', 'heure_paris', 't_plus_minutes', 'acteur', 'action', 'libelle'],
      ['12', '10/03/2026 09:00', '0', 'astreinte', 'event.cod_activated', 'Activation du COD décidée'],
      ['15', '10/03/2026 08:58', '-2', '\'=HYPERLINK("http://evil")', 'event.created', '\'@SUM(A1:A9); "cité", virgule'],
    ]);
  });
});
