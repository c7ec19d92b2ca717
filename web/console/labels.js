// French names of what the messages, deliveries and cell panels show.

export const EVENT_STATUS_LABELS = { open: 'Ouvert', cod_active: 'COD activé', closed: 'Clos' };
export const CHANNEL_LABELS = { email: 'Courriel', sms: 'SMS', x: 'X', facebook: 'Facebook', public_page: 'Page publique', webhook: 'Webhook' };
export const MESSAGE_STATUS_LABELS = { draft: 'Brouillon', approved: 'Approuvé', dispatched: 'Envoyé' };
export const PAGE_OUTCOME_LABELS = {
  queued: 'en attente',
  sending: 'en cours',
  failed: 'échec',
  pending: 'en attente',
  sent: 'envoyé',
  sandboxed: 'simulé (bac à sable)',
  temporary: 'échec temporaire',
  permanent: 'échec',
  unknown: 'incertain',
};
export const ESCALATION_LABELS = {
  escalated: 'relancé vers le renfort',
  acknowledged: 'rôle pris en compte',
  exhausted: 'escalade épuisée',
  cell_operational: 'cellule opérationnelle',
  event_closed: 'événement clos',
};

// Audiences that are not the public ones of the settings: an exercise's injects go to its players.
const OTHER_AUDIENCES = { exercise_player: 'Joueurs de l’exercice', partners: 'Partenaires institutionnels (webhook)' };

/** The name of an audience, as the server's settings give it. */
export function audienceLabel(settings, value) {
  return settings?.audiences?.find((a) => a.value === value)?.label ?? OTHER_AUDIENCES[value] ?? value;
}
