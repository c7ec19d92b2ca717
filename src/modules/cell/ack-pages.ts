import { cellRoleLabelFr } from '../../domain/cell/cell-member.policy';
import { escapeHtml } from '../../domain/html';
import { EXERCISE_MARKING } from '../../domain/messages/exercise-marking';
import { formatParis } from '../../domain/time/paris-time';
import type { LinkState } from './cell-ack.service';

/**
 * The plain pages behind an acknowledgement link: read on a phone at night,
 * in French, no script, no login. The GET shows a button; only its POST
 * records (mail scanners and link previews fetch links without a person).
 */

function layout(title: string, body: string, exercise = false): string {
  const banner = exercise ? `<p style="padding:8px;border:2px solid #c00;color:#c00;font-weight:bold;text-align:center">${EXERCISE_MARKING}</p>` : '';
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36em;margin:2em auto;padding:0 1em;line-height:1.5}button{font-size:1.2em;padding:.6em 1.2em}</style>
</head><body>${banner}<h1>${escapeHtml(title)}</h1>
${body}
</body></html>`;
}

export function renderLinkState(state: LinkState, action: string): { status: number; html: string } {
  switch (state.kind) {
    case 'confirm':
      return {
        status: 200,
        html: layout(
          'Confirmer votre prise en compte',
          `<p>${escapeHtml(state.page.memberName)}, vous êtes appelé(e) comme <strong>${escapeHtml(cellRoleLabelFr(state.page.role))}</strong> pour l'événement « ${escapeHtml(state.eventTitle)} ».</p>
<form method="post" action="${escapeHtml(action)}"><button type="submit">Je prends en compte</button></form>
<p>Tant que vous n'avez pas confirmé, votre renfort sera appelé.</p>`,
          state.exercise,
        ),
      };
    case 'recorded':
      return {
        status: 200,
        html: layout(
          'Votre prise en compte est enregistrée',
          `<p>Merci ${escapeHtml(state.page.memberName)}. Votre prise en compte comme ${escapeHtml(cellRoleLabelFr(state.page.role))} pour « ${escapeHtml(state.eventTitle)} » est enregistrée à ${formatParis(state.page.ackedAt!)} (heure de Paris).</p>
${state.operational ? '<p>Tous les rôles requis ont répondu : la cellule est opérationnelle.</p>' : ''}
<p>Rejoignez la cellule de communication.</p>`,
        ),
      };
    case 'already':
      return {
        status: 200,
        html: layout(
          'Votre prise en compte est déjà enregistrée',
          `<p>La prise en compte de ${escapeHtml(state.page.memberName)} pour « ${escapeHtml(state.eventTitle)} » a déjà été enregistrée à ${formatParis(state.page.ackedAt!)} (heure de Paris)${state.page.ackedVia === 'console' ? ' depuis la console' : ''}. Rien n'a été modifié.</p>`,
        ),
      };
    case 'used':
      return {
        status: 409,
        html: layout(
          'Ce lien a déjà été utilisé',
          `<p>Ce lien de prise en compte a déjà servi, à ${formatParis(state.at)} (heure de Paris). Un lien ne sert qu'une fois : rien n'a été modifié.</p><p>En cas de doute, appelez le cadre d'astreinte.</p>`,
        ),
      };
    case 'expired':
      return {
        status: 410,
        html: layout(
          'Ce lien a expiré',
          `<p>Ce lien de prise en compte n'est plus valable${state.expiresAt ? ` depuis ${formatParis(state.expiresAt)} (heure de Paris)` : ''} : rien n'a été enregistré.</p><p>Appelez le cadre d'astreinte pour signaler votre disponibilité.</p>`,
        ),
      };
    case 'malformed':
    case 'tampered':
    case 'unknown':
      return {
        status: 400,
        html: layout(
          "Ce lien n'est pas valide",
          `<p>Ce lien de prise en compte n'est pas reconnu : il a peut-être été coupé ou modifié en le copiant. Rien n'a été enregistré.</p><p>Ouvrez le lien directement depuis le message reçu, ou appelez le cadre d'astreinte.</p>`,
        ),
      };
  }
}
