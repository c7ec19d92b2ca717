import type { LabelledAction } from '../audit/audit-actions';
import { cellRoleLabelFr } from '../cell/cell-member.policy';
import { audienceLabelFr, channelLabelFr, DELIVERY_STATUS_LABELS_FR, deliveryCountFr } from '../channels/channel-labels';
import { COMMITMENT_SHORT_LABELS_FR } from './commitment-clocks';

/** How the timeline names each kind of entry, in French: it is read by the crisis room and by reviewers. */
export const TIMELINE_LABELS_FR: Readonly<Record<LabelledAction, string>> = {
  'event.created': 'Événement créé',
  'event.cod_activated': 'Activation du COD décidée',
  'event.cip_ordered': 'Activation de la CIP ordonnée',
  'event.cip_opened': 'CIP ouverte',
  'event.fact_recorded': 'Information transmise (saisie manuelle)',
  'event.closed': 'Événement clos',
  'clock.warning': 'Alerte d’échéance',
  'clock.missed': 'Échéance dépassée',
  'message.drafted': 'Message rédigé',
  'message.approved': 'Message approuvé',
  'message.dispatched': 'Message envoyé aux canaux',
  'delivery.results': 'Résultats de diffusion',
  'delivery.lease_expired': 'Envois repris après arrêt du service',
  'delivery.reconciled': 'Publication incertaine vérifiée',
  'delivery.resolved': 'Publication incertaine tranchée par une personne',
  'delivery.receipt': 'Accusé de réception du fournisseur (remis, rejeté ou expiré)',
  'cell.called': 'Cellule de communication appelée',
  'cell.paged': 'Membre de la cellule appelé',
  'cell.page_sent': 'Appel de la cellule envoyé',
  'cell.acknowledged': 'Prise en compte d’un membre de la cellule',
  'cell.operational': 'Cellule de communication opérationnelle',
  'cell.escalated': 'Escalade vers le renfort',
  'cell.escalation_exhausted': 'Escalade épuisée : personne n’a répondu',
  'cell.member_created': 'Membre de la cellule ajouté',
  'cell.member_updated': 'Membre de la cellule modifié',
  'cell.rotation_created': 'Tour d’astreinte créé',
  'cell.rotation_deleted': 'Tour d’astreinte supprimé',
  'cell.override_created': 'Remplacement ou absence enregistré',
  'cell.override_deleted': 'Remplacement ou absence supprimé',
  'debrief.written': 'RETEX rédigé',
  'debrief.updated': 'RETEX modifié',
  'debrief.action_added': 'Action du plan RETEX ajoutée',
  'debrief.action_updated': 'Action du plan RETEX modifiée',
  'channel.credentials_refused': 'Identifiants d’un canal refusés par le fournisseur',
  'channel.credentials_ok': 'Identifiants d’un canal de nouveau acceptés',
  'exercise.planned': 'Exercice programmé',
  'exercise.updated': 'Exercice modifié',
  'exercise.cancelled': 'Exercice annulé',
  'exercise.started': 'Exercice lancé depuis le programme',
  'exercise.ended': 'Exercice terminé par le directeur d’exercice',
  'exercise.reminder_sent': 'Rappel envoyé au directeur d’exercice',
  'exercise.programme_target_set': 'Objectif annuel d’exercices fixé',
  'exercise.calendar_token_issued': 'Lien d’agenda des exercices créé',
  'exercise.msel_started': 'Chronogramme (MSEL) démarré',
  'exercise.msel_paused': 'Chronogramme (MSEL) en pause',
  'exercise.msel_resumed': 'Chronogramme (MSEL) repris',
  'exercise.inject_added': 'Inject ajouté',
  'exercise.inject_skipped': 'Inject écarté',
  'exercise.inject_delivered': 'Inject transmis',
  'exercise.inject_response': 'Réponse des joueurs à un inject',
  'exercise.injects_imported': 'Injects importés (fichier CSV)',
};

const DEBRIEF_PHASES_FR: Record<string, string> = { hot: 'à chaud', cold: 'à froid' };
const ACTION_STATUSES_FR: Record<string, string> = { open: 'à faire', in_progress: 'en cours', done: 'réalisée', cancelled: 'abandonnée' };

/** The debrief's entries name the phase and, for an action, its title and what changed. */
function debriefLabel(action: string, base: string, p: Record<string, unknown>): string {
  const phase = DEBRIEF_PHASES_FR[str(p.phase)] ?? str(p.phase);
  if (action === 'debrief.written' || action === 'debrief.updated') return base.replace('RETEX', `RETEX ${phase}`);
  const status = p.status ? `, ${ACTION_STATUSES_FR[str(p.status)] ?? str(p.status)}` : '';
  return `${base} (${phase}) : ${str(p.title)}${status}`;
}

const INJECT_MEANS_FR: Record<string, string> = { console: 'console', email: 'courriel', sms: 'SMS' };

function exerciseLabel(action: string, base: string, p: Record<string, unknown>): string {
  switch (action) {
    case 'exercise.inject_delivered':
      return `${base} n° ${str(p.order)} (T+${String(Math.round(Number(p.offsetMinutes ?? 0) * 100) / 100).replace('.', ',')} min, ${INJECT_MEANS_FR[str(p.means)] ?? str(p.means)}, à ${str(p.recipient)}) : ${str(p.scenario)}`;
    case 'exercise.inject_response':
    case 'exercise.inject_skipped':
    case 'exercise.inject_added':
      return `${base} : ${str(p.scenario)}`;
    case 'exercise.msel_resumed':
      return `${base} après ${Math.round(Number(p.pauseMs ?? 0) / 1000)} s de pause`;
    case 'exercise.reminder_sent':
      return `${base} (${str(p.director)}, ${Number(p.leadMinutes) % 1440 === 0 ? `J-${Number(p.leadMinutes) / 1440}` : `${str(p.leadMinutes)} min avant`})`;
    default:
      return base;
  }
}

/** What became of a page on one channel, as the crisis room says it. */
const PAGE_OUTCOMES_FR: Record<string, string> = {
  ...Object.fromEntries(Object.entries(DELIVERY_STATUS_LABELS_FR).map(([status, l]) => [status, l.one])),
  // A queued page is one waiting for its next attempt; then the words of entries written before pages went through the outbox.
  queued: 'en attente d’un nouvel essai',
  pending: 'en attente',
  temporary: 'échec temporaire',
  permanent: 'échec',
};

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const role = (payload: Record<string, unknown>): string => cellRoleLabelFr(str(payload.role));

/** The cell's entries name who, for which role and how: the label alone must tell the story of C1. */
function cellLabel(action: string, base: string, p: Record<string, unknown>): string {
  switch (action) {
    case 'cell.called': {
      const uncovered = Array.isArray(p.uncoveredRoles) ? (p.uncoveredRoles as string[]) : [];
      return uncovered.length ? `${base} — rôles sans astreinte : ${uncovered.map(cellRoleLabelFr).join(', ')}` : base;
    }
    case 'cell.paged': {
      const round = Number(p.round ?? 1);
      return `${base} : ${str(p.memberName)} (${role(p)})${round > 1 ? `, relance n° ${round - 1}` : ''}`;
    }
    case 'cell.page_sent': {
      const deliveries = (p.deliveries ?? {}) as Record<string, { status?: string }>;
      const outcomes = Object.entries(deliveries).map(([channel, d]) => `${channelLabelFr(channel)} ${PAGE_OUTCOMES_FR[str(d?.status)] ?? str(d?.status)}`);
      return `${base} à ${str(p.memberName)} (${role(p)})${outcomes.length ? ` : ${outcomes.join(', ')}` : ''}`;
    }
    case 'cell.acknowledged':
      return `${base} : ${str(p.memberName)} (${role(p)})${p.via === 'console' ? `, saisie depuis la console par ${str(p.recordedBy)}` : ', par son lien'}`;
    case 'cell.operational':
      return p.auto ? `${base} (tous les rôles requis ont répondu)` : `${base}, déclarée par ${str(p.declaredBy)}`;
    case 'cell.escalated':
      return `${base} (${role(p)}) : ${str(p.fromMemberName)} sans réponse après ${str(p.minutesWithoutAck).replace('.', ',')} min, appel de ${str(p.toMemberName)}`;
    case 'cell.escalation_exhausted':
      return `${base} (${role(p)}, ${str(p.rounds)} tours)`;
    default:
      return base;
  }
}

export function timelineLabel(action: string, payload: Record<string, unknown>): string {
  const base = (TIMELINE_LABELS_FR as Record<string, string>)[action] ?? action;
  if (action === 'clock.warning') return `${base} ${clockName(payload.key)} : ${String(payload.leadMinutes)} min restantes`;
  if (action === 'clock.missed') return `${base} ${clockName(payload.key)}`;
  if (action === 'event.fact_recorded' && payload.manual === false) return `Information parvenue (${audienceLabelFr(str(payload.audience))}, ${channelLabelFr(str(payload.means))})`;
  if (action.startsWith('message.') && payload.marker) return `${base} ${String(payload.marker)}`;
  if (action.startsWith('cell.')) return cellLabel(action, base, payload);
  if (action.startsWith('debrief.')) return debriefLabel(action, base, payload);
  if (action.startsWith('exercise.')) return exerciseLabel(action, base, payload);
  if (action === 'delivery.results' && payload.counts)
    return `${base} : ${Object.entries(payload.counts as Record<string, number>)
      .map(([status, n]) => deliveryCountFr(status, n))
      .join(', ')}`;
  return base;
}

function clockName(key: unknown): string {
  return (COMMITMENT_SHORT_LABELS_FR as Record<string, string>)[str(key)] ?? str(key);
}

/** Minutes since the COD decision, one decimal, negative before it; null while the COD is not active. */
export function minutesSince(start: Date | null, at: Date): number | null {
  if (!start) return null;
  return Math.round((at.getTime() - start.getTime()) / 6000) / 10;
}
