import { cellRoleLabelFr } from '../cell/cell-member.policy';
import type { Block, ReportDocument } from './report-document';
import type { EventReport } from './event-report.types';
import { AUDIENCE_FR, CHANNEL_FR, DELIVERY_STATUS_FR, eventStatusFr, receiptsFr, minutesFr, modeFr, parisOr, PHASE_FR, STATUS_FR, tPlusFr } from './report-text';

/** What an after-action report says, in French, in order; see report-document.ts for how it is drawn. */

const yesNo = (b: boolean) => (b ? 'oui' : 'non');
const VIA_FR: Record<string, string> = { link: 'par son lien', console: 'saisie depuis la console' };
const ESCALATION_FR: Record<string, string> = {
  escalated: 'escaladé au suivant',
  acknowledged: 'pris en compte',
  exhausted: 'escalade épuisée',
  cell_operational: 'cellule opérationnelle',
  event_closed: 'événement clos',
};
const INJECT_STATUS_FR: Record<string, string> = { planned: 'prévu', pending: 'prévu', delivered: 'délivré', skipped: 'sauté', paused: 'en pause', answered: 'répondu' };
const EXERCISE_TYPE_FR: Record<string, string> = { tabletop: 'sur table', functional: 'fonctionnel', full_scale: 'grandeur nature' };
const ACTION_STATUS_FR: Record<string, string> = { open: 'ouverte', in_progress: 'en cours', done: 'réalisée', cancelled: 'abandonnée' };

export const COMMITMENT_TABLE_HEADERS = ['Engagement', 'Début', 'Échéance', 'Statut', 'Atteint le', 'Minutes', 'Fait qui l’atteint', 'Manuel'];

export function eventReportDocument(r: EventReport): ReportDocument {
  const blocks: Block[] = [];
  const e = r.event;
  blocks.push(
    { kind: 'h2', text: '1. Événement' },
    {
      kind: 'kv',
      items: [
        ['Titre', e.title],
        ['Nature', e.kindLabel],
        ['Mode', modeFr(e.mode)],
        ['Communes', e.communes.map((c) => `${c.name} (${c.code})`).join(', ') || '—'],
        ['Référence SYNERGI', e.synergiRef ?? '—'],
        ['Statut', eventStatusFr(e.status)],
        ['Créé le', `${parisOr(e.createdAt)} par ${e.createdBy}`],
        ['Clos le', parisOr(e.closedAt, 'non clos')],
      ],
    },
    { kind: 'h2', text: '2. Décision d’activation du COD' },
  );
  if (r.cod) {
    blocks.push({
      kind: 'kv',
      items: [
        ['Décidée le', parisOr(r.cod.decidedAt)],
        ['Décidée par', r.cod.decidedBy ?? '—'],
        ['Enregistrée le', parisOr(r.cod.recordedAt)],
        ['Enregistrée par', r.cod.recordedBy ?? '—'],
        ['Motif', r.cod.reason ?? '—'],
      ],
    });
    blocks.push({ kind: 'note', text: 'Les engagements C2 courent depuis l’heure de la décision, non depuis son enregistrement.' });
  } else blocks.push({ kind: 'p', text: 'Le COD n’a pas été activé pour cet événement.' });

  blocks.push(
    { kind: 'h2', text: '3. Engagements' },
    {
      kind: 'table',
      headers: COMMITMENT_TABLE_HEADERS,
      widths: [1.1, 1.35, 1.35, 1, 1.35, 0.8, 2.3, 0.75],
      rows: r.commitments.map((c) => [
        c.key,
        parisOr(c.startedAt),
        parisOr(c.dueAt),
        STATUS_FR[c.status],
        parisOr(c.metAt),
        minutesFr(c.elapsedMinutes),
        c.fact ?? '—',
        c.metAt ? yesNo(c.manual) : '—',
      ]),
    },
    { kind: 'list', items: r.commitments.map((c) => `${c.key} : ${c.label} (délai ${c.durationMinutes} min)`) },
    {
      kind: 'note',
      text: 'Un engagement « en cours » ou « non démarré » n’est ni tenu ni manqué. « Minutes » : du fait de départ au fait qui atteint l’engagement, arrondi au dixième supérieur. Ces valeurs sont calculées par les mêmes fonctions que l’API (GET /api/events/:id/commitments).',
    },
  );

  blocks.push({ kind: 'h2', text: '4. Cellule de communication d’urgence' });
  blocks.push({
    kind: 'kv',
    items: [
      ['Appelée le', parisOr(r.cell.calledAt, 'non appelée')],
      ['Opérationnelle le', parisOr(r.cell.operationalAt, 'non déclarée')],
    ],
  });
  for (const a of r.cell.activations) {
    const uncovered = a.uncoveredRoles.length ? ` — rôles sans astreinte : ${a.uncoveredRoles.map(cellRoleLabelFr).join(', ')}` : '';
    blocks.push({ kind: 'p', text: `Appel du ${parisOr(a.calledAt)} par ${a.calledBy}${uncovered}` });
  }
  if (r.cell.pages.length) {
    blocks.push({
      kind: 'table',
      headers: ['Rôle', 'Membre', 'Tour', 'Appelé le', 'Envoi', 'Pris en compte', 'Escalade'],
      widths: [1.3, 1.5, 0.5, 1.3, 1.6, 1.7, 1.3],
      rows: r.cell.pages.map((p) => [
        p.roleLabel,
        p.memberName,
        String(p.round),
        parisOr(p.pagedAt),
        p.channels.map((c) => `${CHANNEL_FR[c.channel] ?? c.channel} ${DELIVERY_STATUS_FR[c.status] ?? c.status}`).join(', ') || '—',
        p.ackedAt ? `${parisOr(p.ackedAt)} ${VIA_FR[p.ackedVia ?? ''] ?? ''}`.trim() : 'sans réponse',
        p.escalationOutcome ? (ESCALATION_FR[p.escalationOutcome] ?? p.escalationOutcome) : '—',
      ]),
    });
  } else blocks.push({ kind: 'p', text: 'Aucun membre n’a été appelé.' });

  blocks.push({ kind: 'h2', text: '5. Diffusion par public et canal' });
  if (r.deliveries.length) {
    blocks.push({
      kind: 'table',
      headers: ['Public', 'Canal', 'Total', 'Acceptés', 'Remis (accusés)', 'Bac à sable', 'Échecs', 'Incertains', 'En attente', 'Première acceptation', 'Dernière acceptation'],
      widths: [1.1, 1.1, 0.6, 0.8, 1.3, 0.8, 0.7, 0.8, 0.8, 1.4, 1.4],
      rows: r.deliveries.map((d) => [
        AUDIENCE_FR[d.audience] ?? d.audience,
        CHANNEL_FR[d.channel] ?? d.channel,
        String(d.total),
        String(d.counts.sent ?? 0),
        receiptsFr(d.channel, d.receipts),
        String(d.counts.sandboxed ?? 0),
        String(d.counts.failed ?? 0),
        String(d.counts.unknown ?? 0),
        String((d.counts.queued ?? 0) + (d.counts.sending ?? 0)),
        parisOr(d.firstAcceptedAt),
        parisOr(d.lastAcceptedAt),
      ]),
    });
    const failures = r.deliveries.filter((d) => d.failedCount > 0);
    for (const d of failures) {
      blocks.push({ kind: 'h3', text: `Échecs : ${AUDIENCE_FR[d.audience] ?? d.audience}, ${CHANNEL_FR[d.channel] ?? d.channel} (${d.failedCount})` });
      const more = d.failedCount - d.failures.length;
      blocks.push({
        kind: 'list',
        items: [...d.failures.map((f) => `${f.recipient ?? 'publication'} — ${DELIVERY_STATUS_FR[f.status] ?? f.status} : ${f.error ?? 'sans détail'}`), ...(more > 0 ? [`… et ${more} autres`] : [])],
      });
    }
  } else blocks.push({ kind: 'p', text: 'Aucun message n’a été diffusé.' });

  blocks.push({ kind: 'h2', text: '6. Cellule d’information du public (CIP)' });
  if (r.cip) {
    blocks.push({
      kind: 'kv',
      items: [
        ['Ordonnée le', parisOr(r.cip.orderedAt)],
        ['Ordonnée par', r.cip.orderedBy ?? '—'],
        ['Enregistrée le', parisOr(r.cip.recordedAt)],
        ['Numéro national (NNIP)', r.cip.nationalNumber ?? '—'],
        ['Ouverte le', parisOr(r.cip.openedAt, 'non ouverte')],
      ],
    });
  } else blocks.push({ kind: 'p', text: 'La CIP n’a pas été ordonnée.' });

  blocks.push({ kind: 'h2', text: '7. Exercice : injects et réponses' });
  const x = r.exercise;
  if (x) {
    blocks.push({
      kind: 'kv',
      items: [
        ['Exercice', `${x.title} (exercice ${EXERCISE_TYPE_FR[x.type] ?? x.type})`],
        ['Directeur d’exercice', x.director],
        ['Début', parisOr(x.startedAt, 'non commencé')],
        ['Engagements entraînés', x.commitments.join(', ') || '—'],
        ['Joueurs', x.players.map((p) => `${p.name} (${p.role})`).join(', ') || '—'],
      ],
    });
    if (x.objectives.length) blocks.push({ kind: 'h3', text: 'Objectifs' }, { kind: 'list', items: x.objectives });
    blocks.push(
      x.injects.length
        ? {
            kind: 'table',
            headers: ['N°', 'T+', 'Scénario', 'Destinataire', 'Moyen', 'Action attendue', 'Statut', 'Délivré le', 'Réponse'],
            widths: [0.4, 0.6, 2, 1.1, 0.8, 1.6, 0.8, 1.2, 2],
            rows: x.injects.map((i) => [
              String(i.order),
              `T+${i.offsetMinutes}`,
              i.scenario,
              i.recipient,
              i.means,
              i.expectedAction,
              INJECT_STATUS_FR[i.status] ?? i.status,
              parisOr(i.deliveredAt),
              i.response ? `${i.response} (${i.respondedBy ?? '?'}, ${parisOr(i.respondedAt)})` : 'sans réponse',
            ]),
          }
        : { kind: 'p', text: 'Aucun inject.' },
    );
  } else blocks.push({ kind: 'p', text: e.mode === 'exercise' ? 'Aucun programme d’exercice n’est lié à cet événement.' : 'Sans objet : événement réel.' });

  blocks.push({ kind: 'h2', text: '8. RETEX et plan d’actions' });
  if (!r.debriefs.length) blocks.push({ kind: 'p', text: 'Aucun RETEX n’a encore été tenu.' });
  for (const d of r.debriefs) {
    blocks.push({ kind: 'h3', text: `${PHASE_FR[d.phase]} du ${parisOr(d.heldAt)}` });
    blocks.push({ kind: 'kv', items: [['Participants', d.participants.join(', ') || '—']] });
    blocks.push({ kind: 'p', text: 'Ce qui a fonctionné :' }, { kind: 'list', items: d.wentWell.length ? d.wentWell : ['—'] });
    blocks.push({ kind: 'p', text: 'Ce qui doit progresser :' }, { kind: 'list', items: d.toImprove.length ? d.toImprove : ['—'] });
    if (d.findings.length) {
      blocks.push({ kind: 'p', text: 'Constats :' }, { kind: 'list', items: d.findings.map((f) => (f.timelineSeqs.length ? `${f.text} (chronologie n° ${f.timelineSeqs.join(', ')})` : f.text)) });
    }
    blocks.push(
      d.actions.length
        ? {
            kind: 'table',
            headers: ['Action', 'Responsable', 'Échéance', 'Statut', 'En retard'],
            widths: [3, 1.5, 1, 1, 0.8],
            rows: d.actions.map((a) => [a.title, a.owner, frenchDate(a.dueDate), ACTION_STATUS_FR[a.status] ?? a.status, yesNo(a.overdue)]),
          }
        : { kind: 'p', text: 'Aucune action.' },
    );
  }

  blocks.push({ kind: 'h2', text: '9. Chronologie' });
  blocks.push({ kind: 'note', text: 'T+ : minutes depuis la décision d’activation du COD (heure de Paris pour les dates).' });
  blocks.push({
    kind: 'table',
    headers: ['N°', 'Heure (Paris)', 'T+ min', 'Acteur', 'Action'],
    widths: [0.6, 1.4, 0.8, 1.3, 5],
    rows: r.timeline.map((t) => [String(t.seq), parisOr(t.at), tPlusFr(t.tPlusMinutes), t.actor, t.label]),
  });

  return {
    title: `Rapport après action — ${e.title}`,
    subtitle: `${modeFr(e.mode)} · généré le ${parisOr(r.generatedAt)} (heure de Paris) à partir du journal, sans saisie manuelle`,
    blocks,
  };
}

/** `2027-01-15` → `15/01/2027`. */
export function frenchDate(ymd: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : ymd;
}
