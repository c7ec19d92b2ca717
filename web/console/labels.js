// French names of what the messages, deliveries and cell panels show.

export const EVENT_STATUS_LABELS = { open: 'Ouvert', cod_active: 'COD activé', closed: 'Clos' };
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
const OTHER_AUDIENCES = { exercise_player: 'Joueurs de l’exercice' };

/** The name of an audience, as the server's settings give it. */
export function audienceLabel(settings, value) {
  return settings?.audiences?.find((a) => a.value === value)?.label ?? OTHER_AUDIENCES[value] ?? value;
}

/** The name of a channel, as the server's settings give it (from the channel catalogue). */
export function channelLabel(settings, value) {
  return settings?.channels?.find((c) => c.value === value)?.label ?? value;
}
