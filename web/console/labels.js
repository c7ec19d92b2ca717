// French names of every vocabulary the console shows: one table per vocabulary,
// each checked against the server's own list by test/console/labels-vocabulary.spec.ts.

export const EVENT_STATUS_LABELS = { open: 'Ouvert', cod_active: 'COD activé', closed: 'Clos' };
export const MESSAGE_STATUS_LABELS = { draft: 'Brouillon', approved: 'Approuvé', dispatched: 'Envoyé' };
export const ROLE_LABELS = {
  admin: 'Administrateur',
  prefect: 'Préfet / cabinet',
  duty_officer: 'Cadre d’astreinte',
  communication: 'Communication',
  reviewer: 'Relecteur',
};
export const EXERCISE_STATUS_LABELS = { planned: 'Prévu', running: 'En cours', held: 'Réalisé', cancelled: 'Annulé' };
/** The actions of a RETEX improvement plan. */
export const ACTION_STATUS_LABELS = { open: 'À faire', in_progress: 'En cours', done: 'Réalisée', cancelled: 'Abandonnée' };
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

/** Who did it, when it was not a person: the audit log's technical actors. */
export const ACTOR_LABELS = { system: 'automatique', anonymous: 'anonyme', oidc: 'fédération d’identité', 'sms-gateway': 'passerelle SMS', 'email-relay': 'relais de messagerie' };
export const actorLabel = (actor) => ACTOR_LABELS[actor] ?? actor;

// Audiences that are not the public ones of the settings: an exercise's injects go to its players, its reminders to its director, pages to the cell, the webhook to the partners.
const OTHER_AUDIENCES = { exercise_player: 'Joueurs de l’exercice', exercise_director: 'Direction de l’exercice', cell: 'Cellule de communication', partners: 'Partenaires institutionnels (webhook)' };

/** The name of an audience, as the server's settings give it. */
export function audienceLabel(settings, value) {
  return settings?.audiences?.find((a) => a.value === value)?.label ?? OTHER_AUDIENCES[value] ?? value;
}

/** The name of a channel, as the server's settings give it (src/domain/channels/channel-labels.ts). */
export function channelLabel(settings, value) {
  return settings?.channels?.find((c) => c.value === value)?.label ?? value;
}

/**
 * What the console says when the server refuses a request. The API's messages
 * are written in English for its developers; a person reads these, by error code.
 * A code not listed here gets a French sentence by HTTP status.
 */
export const ERROR_MESSAGES = {
  bad_credentials: 'Identifiant ou mot de passe incorrect.',
  session_required: 'Votre session a expiré : reconnectez-vous.',
  role_not_allowed: 'Votre rôle ne permet pas cette action.',
  local_login_disabled: 'Les mots de passe sont réservés à l’administrateur : connectez-vous par la fédération d’identité.',
  cross_site_request: 'Demande refusée : elle ne vient pas de la console elle-même.',
  event_not_found: 'Cet événement n’existe pas.',
  cip_opened_before_order: 'La CIP ne peut pas ouvrir avant l’ordre du préfet : vérifiez l’heure saisie.',
  invalid_instant: 'L’heure saisie n’est pas valide.',
  four_eyes: 'Un message doit être approuvé par une autre personne que son auteur.',
  message_already_approved: 'Ce message a déjà été approuvé.',
  message_already_dispatched: 'Ce message a déjà été envoyé.',
  message_not_approved: 'Ce message doit être approuvé avant l’envoi.',
  message_has_problems: 'Ce message a des problèmes à corriger avant l’envoi (voir l’aperçu).',
  next_update_in_past: 'L’heure du prochain point de situation est déjà passée.',
  delivery_not_unknown: 'Cette publication a déjà été tranchée.',
  msel_already_started: 'Le chronogramme de cet exercice a déjà démarré.',
  msel_not_started: 'Démarrez le chronogramme avant de le mettre en pause.',
  msel_already_paused: 'Le chronogramme est déjà en pause.',
  msel_not_paused: 'Le chronogramme n’est pas en pause.',
  inject_not_delivered: 'Cet inject n’a pas encore été transmis (ou l’exercice est terminé).',
  message_not_found: 'Ce message n’existe pas.',
  delivery_not_found: 'Cet envoi n’existe pas.',
  exercise_not_found: 'Cet exercice n’existe pas.',
  inject_not_found: 'Cet inject n’existe pas.',
};
const ERROR_BY_STATUS = {
  400: 'La demande n’est pas valide : vérifiez les champs saisis.',
  401: 'Votre session a expiré : reconnectez-vous.',
  403: 'Votre rôle ne permet pas cette action.',
  404: 'L’élément demandé n’existe pas (ou plus).',
  409: 'L’action n’est plus possible : la situation a changé entre-temps. Rechargez la page.',
  413: 'Le fichier ou le texte envoyé est trop volumineux.',
  422: 'La demande ne peut pas être traitée : vérifiez les champs saisis.',
  429: 'Trop de demandes : patientez un instant avant de réessayer.',
};

/** The French sentence for a refusal of the API (status, error code, the API's own message). */
export function errorMessage(status, code, apiMessage) {
  if (ERROR_MESSAGES[code]) return ERROR_MESSAGES[code];
  // Some refusals already speak French (the checks of a template, of a CSV file): they are kept as written.
  if (typeof apiMessage === 'string' && looksFrench(apiMessage)) return apiMessage;
  return ERROR_BY_STATUS[status] ?? (status >= 500 ? 'Le serveur a rencontré une erreur : réessayez dans un instant.' : `La demande a été refusée (erreur ${status}).`);
}

function looksFrench(text) {
  return /[àâçéèêëîïôûùœ’]/i.test(text) || /\b(le|la|les|des|est|une|pour|dans)\b/i.test(text);
}
