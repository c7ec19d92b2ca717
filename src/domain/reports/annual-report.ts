import { COMMITMENT_KEYS, COMMITMENT_LABELS_FR, CommitmentKey, CommitmentStatus } from '../events/commitment-clocks';
import type { EventMode } from '../events/event-mode';
import { writeCsv } from './csv-writer';
import { frenchDate } from './event-report-content';
import type { Block, ReportDocument } from './report-document';
import { minutesFr, modeFr, parisOr, PHASE_FR, STATUS_FR } from './report-text';

/**
 * The annual commitments report: every real event and every exercise of a
 * year with its five clocks, counted per commitment and per mode.
 *
 * Which year an event belongs to: the Paris calendar year of its COD decision
 * (the instant its C2 clocks run from), or of its creation when the COD was
 * never activated. A pending or not-started clock is neither met nor missed:
 * it is counted apart, never folded into either.
 */

// The year's parser and bounds live with the Paris time rules; the report's names stay for its callers.
export { parisYearBounds, parseYear as parseReportYear, MIN_YEAR as MIN_REPORT_YEAR, MAX_YEAR as MAX_REPORT_YEAR } from '../time/calendar-year';

export type AnnualClock = { key: CommitmentKey; status: CommitmentStatus; elapsedMinutes: number | null; manual: boolean };

export type AnnualEvent = {
  id: string;
  title: string;
  mode: EventMode;
  kindLabel: string;
  status: string;
  /** The instant that places the event in the year, and which one it is. */
  placedAt: string;
  placedBy: 'cod_decision' | 'creation';
  clocks: AnnualClock[];
};

export type CommitmentStats = {
  key: CommitmentKey;
  mode: EventMode;
  met: number;
  missed: number;
  pending: number;
  notStarted: number;
  /** Over the clocks that have a meeting fact (met, or missed by a late fact). */
  withFact: number;
  medianElapsedMinutes: number | null;
  worstElapsedMinutes: number | null;
};

export type Programme = null | { year: number; target: number; held: number; planned: number; cancelled: number; onTrack: boolean; behindBy: number };

export type OverdueAction = {
  id: string;
  eventId: string;
  eventTitle: string;
  eventMode: EventMode;
  phase: 'hot' | 'cold';
  title: string;
  owner: string;
  dueDate: string;
  status: string;
  overdue: boolean;
};

export type AnnualReport = {
  year: number;
  generatedAt: string;
  rule: string;
  events: AnnualEvent[];
  stats: CommitmentStats[];
  programme: Programme;
  overdueActions: OverdueAction[];
};

export const YEAR_RULE_FR = 'Un événement compte pour l’année (heure de Paris) de sa décision d’activation du COD, ou de sa création si le COD n’a pas été activé.';

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  if (s.length % 2) return s[mid];
  // Between two middle values: rounded up to a tenth, like every elapsed figure (never shown shorter than it was).
  return Math.ceil(Math.round(((s[mid - 1] + s[mid]) / 2) * 10 * 1e6) / 1e6) / 10;
}

export function commitmentStats(events: readonly AnnualEvent[]): CommitmentStats[] {
  const out: CommitmentStats[] = [];
  for (const mode of ['real', 'exercise'] as const) {
    for (const key of COMMITMENT_KEYS) {
      const clocks = events
        .filter((e) => e.mode === mode)
        .map((e) => e.clocks.find((c) => c.key === key))
        .filter((c): c is AnnualClock => !!c);
      const elapsed = clocks.map((c) => c.elapsedMinutes).filter((m): m is number => m !== null);
      out.push({
        key,
        mode,
        met: clocks.filter((c) => c.status === 'met').length,
        missed: clocks.filter((c) => c.status === 'missed').length,
        pending: clocks.filter((c) => c.status === 'pending').length,
        notStarted: clocks.filter((c) => c.status === 'not_started').length,
        withFact: elapsed.length,
        medianElapsedMinutes: median(elapsed),
        worstElapsedMinutes: elapsed.length ? Math.max(...elapsed) : null,
      });
    }
  }
  return out;
}

export function buildAnnualReport(input: { year: number; generatedAt: Date; events: AnnualEvent[]; programme: Programme; overdueActions: OverdueAction[] }): AnnualReport {
  return {
    year: input.year,
    generatedAt: input.generatedAt.toISOString(),
    rule: YEAR_RULE_FR,
    events: input.events,
    stats: commitmentStats(input.events),
    programme: input.programme,
    overdueActions: input.overdueActions,
  };
}

const clockCell = (c: AnnualClock | undefined) => (c ? (c.elapsedMinutes !== null ? `${STATUS_FR[c.status]} (${minutesFr(c.elapsedMinutes)})${c.manual ? ' manuel' : ''}` : STATUS_FR[c.status]) : '—');

export function annualReportDocument(r: AnnualReport): ReportDocument {
  const blocks: Block[] = [{ kind: 'note', text: r.rule }];
  blocks.push({ kind: 'h2', text: '1. Synthèse par engagement' });
  blocks.push({
    kind: 'note',
    text: 'Un engagement « en cours » ou « non démarré » n’est ni tenu ni manqué : il est compté à part. Médiane et pire délai : sur les engagements qui ont un fait (tenus, ou manqués par un fait tardif) ; un engagement manqué sans aucun fait n’a pas de délai.',
  });
  for (const mode of ['real', 'exercise'] as const) {
    const count = r.events.filter((e) => e.mode === mode).length;
    blocks.push({ kind: 'h3', text: `${mode === 'real' ? 'Événements réels' : 'Exercices'} (${count})` });
    blocks.push({
      kind: 'table',
      headers: ['Engagement', 'Tenus', 'Manqués', 'En cours', 'Non démarrés', 'Médiane (min)', 'Pire (min)'],
      widths: [1.2, 0.8, 0.8, 0.8, 1, 1.1, 1],
      rows: r.stats
        .filter((s) => s.mode === mode)
        .map((s) => [s.key, String(s.met), String(s.missed), String(s.pending), String(s.notStarted), minutesFr(s.medianElapsedMinutes), minutesFr(s.worstElapsedMinutes)]),
    });
  }
  blocks.push({ kind: 'list', items: COMMITMENT_KEYS.map((k) => `${k} : ${COMMITMENT_LABELS_FR[k]}`) });

  blocks.push({ kind: 'h2', text: '2. Exercices tenus au regard de l’objectif (C3)' });
  const p = r.programme;
  if (p) {
    blocks.push({
      kind: 'kv',
      items: [
        ['Objectif', `${p.target} exercices`],
        ['Tenus', String(p.held)],
        ['Prévus', String(p.planned)],
        ['Annulés', String(p.cancelled)],
        ['Situation', p.onTrack ? 'dans l’objectif' : `en retard de ${p.behindBy} exercice${p.behindBy > 1 ? 's' : ''}`],
      ],
    });
  } else blocks.push({ kind: 'p', text: `Aucun programme d’exercices n’est enregistré pour ${r.year}. Exercices trouvés dans le journal : ${r.events.filter((e) => e.mode === 'exercise').length}.` });

  blocks.push({ kind: 'h2', text: '3. Événements et exercices de l’année' });
  blocks.push(
    r.events.length
      ? {
          kind: 'table',
          headers: ['Date (Paris)', 'Mode', 'Titre', ...COMMITMENT_KEYS],
          widths: [1.2, 0.8, 2.2, 1, 1, 1, 1, 1],
          rows: r.events.map((e) => [
            `${parisOr(e.placedAt)}${e.placedBy === 'creation' ? ' (création)' : ''}`,
            modeFr(e.mode),
            e.title,
            ...COMMITMENT_KEYS.map((k) => clockCell(e.clocks.find((c) => c.key === k))),
          ]),
        }
      : { kind: 'p', text: 'Aucun événement ni exercice cette année.' },
  );

  blocks.push({ kind: 'h2', text: '4. Actions en retard' });
  blocks.push(
    r.overdueActions.length
      ? {
          kind: 'table',
          headers: ['Action', 'Responsable', 'Échéance', 'Statut', 'Événement', 'RETEX'],
          widths: [2.4, 1.3, 1, 1, 2.2, 1.1],
          rows: r.overdueActions.map((a) => [a.title, a.owner, frenchDate(a.dueDate), a.status, `${a.eventTitle} (${modeFr(a.eventMode)})`, PHASE_FR[a.phase]]),
        }
      : { kind: 'p', text: 'Aucune action en retard.' },
  );

  return {
    title: `Rapport annuel des engagements — ${r.year}`,
    subtitle: `Généré le ${parisOr(r.generatedAt)} (heure de Paris) à partir du journal, par les fonctions qui calculent les engagements`,
    blocks,
  };
}

export const ANNUAL_CSV_HEADER = ['event_id', 'mode', 'title', 'placed_at_paris', 'placed_by', 'commitment', 'status', 'status_fr', 'elapsed_minutes', 'manual'];

/** One row per event and commitment: the auditor's spreadsheet recounts the summary from it. */
export function annualCsv(r: AnnualReport): string {
  const rows: (string | number | null)[][] = [ANNUAL_CSV_HEADER];
  for (const e of r.events) {
    for (const c of e.clocks) {
      rows.push([e.id, e.mode, e.title, parisOr(e.placedAt), e.placedBy, c.key, c.status, STATUS_FR[c.status], c.elapsedMinutes, c.elapsedMinutes === null ? null : c.manual ? 'oui' : 'non']);
    }
  }
  return writeCsv(rows);
}
