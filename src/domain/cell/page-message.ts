import { applyExerciseMarking } from '../messages/exercise-marking';
import { formatParis, formatParisTime } from '../time/paris-time';
import { cellRoleLabelFr } from './cell-member.policy';
import { escapeHtml } from '../html';

/**
 * The page a cell member receives, by email and by SMS: who calls, for what,
 * as which role, and the personal link to acknowledge. In an exercise every
 * part carries the exercise marking (the channels refuse an unmarked exercise).
 */
export interface PageInput {
  memberName: string;
  role: string;
  eventTitle: string;
  eventKindLabel: string;
  exercise: boolean;
  pagedAt: Date;
  round: number;
  link: string;
  linkExpiresAt: Date;
}

export interface PageMessage {
  subject: string;
  text: string;
  html: string;
  sms: string;
}

export function composePage(p: PageInput): PageMessage {
  const role = cellRoleLabelFr(p.role);
  const relance = p.round > 1 ? ` (relance ${p.round - 1})` : '';
  const subject = `Appel de la cellule de communication d'urgence${relance} : ${p.eventTitle}`;
  const lines = [
    `Bonjour ${p.memberName},`,
    '',
    `La cellule de communication d'urgence est appelée le ${formatParis(p.pagedAt)} (heure de Paris) pour l'événement « ${p.eventTitle} » (${p.eventKindLabel}).`,
    `Vous êtes appelé(e) comme ${role}${p.round > 1 ? ", en renfort : la personne d'astreinte n'a pas répondu" : ''}.`,
    '',
    `Confirmez votre prise en compte avec ce lien personnel, valable jusqu'à ${formatParisTime(p.linkExpiresAt)} :`,
    p.link,
    '',
    'Sans confirmation, votre renfort sera appelé. Ce lien est personnel : ne le transférez pas.',
  ];
  const text = lines.join('\n');
  const html = [
    `<p>Bonjour ${escapeHtml(p.memberName)},</p>`,
    `<p>La cellule de communication d'urgence est appelée le ${formatParis(p.pagedAt)} (heure de Paris) pour l'événement « ${escapeHtml(p.eventTitle)} » (${escapeHtml(p.eventKindLabel)}).`,
    ` Vous êtes appelé(e) comme <strong>${escapeHtml(role)}</strong>${p.round > 1 ? ", en renfort : la personne d'astreinte n'a pas répondu" : ''}.</p>`,
    `<p><a href="${escapeHtml(p.link)}">Confirmer ma prise en compte</a> (lien personnel valable jusqu'à ${formatParisTime(p.linkExpiresAt)})</p>`,
    '<p>Sans confirmation, votre renfort sera appelé. Ce lien est personnel : ne le transférez pas.</p>',
  ].join('\n');
  const sms = `Cellule com. d'urgence appelée${relance} : ${p.eventTitle}. Vous : ${role}. Confirmez : ${p.link}`;
  if (!p.exercise) return { subject, text, html, sms };
  return {
    subject: applyExerciseMarking(subject, 'line'),
    text: applyExerciseMarking(text, 'block'),
    html: applyExerciseMarking(html, 'html'),
    sms: applyExerciseMarking(sms, 'compact'),
  };
}
