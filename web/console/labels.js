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
  too_many_failed_logins: (d) =>
    `Trop d’échecs de connexion ${d?.limitedBy === 'address' ? 'depuis ce poste' : 'pour ce compte'} : réessayez ${inMinutes(d?.retryInMinutes)}, ou demandez à un administrateur.`,
  nothing_to_change: 'Rien à modifier : changez au moins un champ.',
  bad_window: 'La période est vide : la date de début est après la date de fin.',
  bad_event_id: 'Cet identifiant n’est pas celui d’un événement.',
  invalid_event_id: 'Cet identifiant n’est pas celui d’un événement.',
  invalid_number: 'Un nombre saisi n’est pas valide (nombre entier attendu).',
  year_invalid: 'L’année demandée n’est pas valide.',
  invalid_year: 'L’année demandée n’est pas valide.',
  invalid_format: 'Ce format de rapport n’existe pas : PDF, CSV ou JSON.',
  // Exercises
  communes_required: 'Indiquez les communes du scénario (codes INSEE, par exemple 88160) : l’exercice n’en a pas.',
  planned_at_invalid: 'La date prévue de l’exercice n’est pas valide.',
  planned_at_past: 'La date prévue est déjà passée : un exercice se planifie à l’avance (démarrez-le depuis le programme le jour venu).',
  inject_recipient_unknown: 'Le destinataire de l’inject n’est ni un joueur ni un rôle de joueur de cet exercice.',
  injects_csv_content_type: 'Envoyez le chronogramme sous forme de fichier CSV.',
  injects_csv_too_large: 'Le fichier du chronogramme est trop volumineux : découpez-le.',
  injects_csv_encoding: 'Le fichier n’est pas en UTF-8 : enregistrez-le au format « CSV UTF-8 » et renvoyez-le.',
  injects_csv_unreadable: 'Le fichier du chronogramme est illisible : vérifiez sa ligne d’en-tête et son séparateur.',
  injects_csv_invalid: 'Des lignes du chronogramme sont incorrectes : rien n’a été importé. Corrigez le fichier (voir le détail par ligne).',
  dry_run_invalid: 'Le mode « essai » doit valoir oui ou non.',
  // Debriefs (RETEX)
  unknown_phase: 'Ce RETEX n’existe pas : il est à chaud ou à froid.',
  seq_not_in_timeline: (d) =>
    `${plural(d?.missingSeqs, 'L’entrée', 'Les entrées')} ${(d?.missingSeqs ?? []).join(', ')} ${plural(d?.missingSeqs, 'n’est', 'ne sont')} pas dans la main courante de cet événement : un constat ne cite que les entrées de son événement.`,
  bad_initial_status: 'Une nouvelle action est à faire ou en cours ; marquez-la faite ou abandonnée ensuite.',
  debrief_not_written: 'Rédigez d’abord ce RETEX avant d’ajouter des actions à son plan.',
  action_not_found: 'Cette action n’existe pas.',
  debrief_written_meanwhile: 'Quelqu’un d’autre a enregistré ce RETEX au même moment : rechargez la page et recommencez.',
  // Cell
  cell_nobody_on_call: 'Personne n’est d’astreinte dans la cellule : personne n’a été appelé et rien n’a été enregistré. Appelez les membres par téléphone et complétez le tableau d’astreinte.',
  cell_page_not_found: 'Cet appel n’existe pas pour cet événement.',
  page_already_acknowledged: (d) => (d?.memberName ? `${d.memberName} a déjà accusé réception de cet appel (${d.ackedAtParis}).` : 'Cet appel a déjà été acquitté.'),
  cell_member_not_found: 'Ce membre de la cellule n’existe pas.',
  rotation_unknown_member: 'Un membre de ce tour d’astreinte n’existe pas : ajoutez d’abord les membres.',
  rotation_not_found: 'Ce tour d’astreinte n’existe pas.',
  override_interval_invalid: 'La fin doit être après le début.',
  override_leave_role: 'Une absence couvre tous les rôles : ne précisez pas de rôle.',
  override_not_found: 'Ce remplacement n’existe pas.',
  coverage_days_invalid: 'Le nombre de jours doit être un nombre entier entre 1 et 366.',
  // Messages
  invalid_channels: 'Les canaux choisis ne conviennent pas à ce public : vérifiez-les.',
  message_variables: (d) => `Le message ne peut pas être rédigé avec ces valeurs${d?.problems?.length ? ` : vérifiez ${d.problems.map((p) => `« ${p.variable} »`).join(', ')}` : ''}.`,
  // Users
  username_taken: 'Cet identifiant est déjà pris.',
  admin_protected: 'Le compte « admin » garde le rôle d’administrateur et reste actif : c’est la porte de secours.',
  user_not_found: 'Cet utilisateur n’existe pas.',
  // Contacts and lists
  invalid_contact: 'Ce contact n’est pas valide : vérifiez les champs saisis.',
  contact_not_found: 'Ce contact n’existe pas.',
  contact_exists: 'Ce contact existe déjà (même type, nom et organisation) : modifiez celui-là.',
  unknown_contacts: 'Un des contacts choisis n’existe pas ou n’est plus actif.',
  list_exists: 'Une liste de diffusion porte déjà ce nom : choisissez-en un autre.',
  event_required: 'Cette liste dépend des communes d’un événement : choisissez l’événement.',
  unknown_lists: 'Une des listes de diffusion choisies n’existe pas.',
  list_not_found: 'Cette liste de diffusion n’existe pas.',
  unknown_list_rule: 'Cette liste dynamique a une règle que cette version ne connaît pas.',
  contacts_csv_unreadable: 'Le fichier de contacts est illisible : vérifiez sa ligne d’en-tête.',
  contacts_csv_no_rows: 'Le fichier a sa ligne d’en-tête mais aucun contact.',
  contacts_csv_empty: 'Le fichier envoyé est vide.',
  contacts_csv_missing: 'Aucun fichier n’a été envoyé.',
  contacts_csv_content_type: 'Envoyez les contacts sous forme de fichier CSV.',
  contacts_csv_too_large: 'Le fichier de contacts est trop volumineux : découpez-le en plusieurs fichiers.',
  contacts_csv_bad_lines: 'Des lignes du fichier sont incorrectes : rien n’a été importé. Corrigez le fichier (voir le détail par ligne) ou ignorez ces lignes.',
  contacts_changed_meanwhile: 'Un contact du fichier a été créé par quelqu’un d’autre pendant l’import : rien n’a été importé. Importez le fichier à nouveau.',
};

/**
 * Codes only machines meet (delivery reports of the gateways, the calendar
 * feed, the console's own files): no person reads them in the console.
 */
export const MACHINE_ERROR_CODES = [
  'sms_receipts_not_configured',
  'sms_receipt_content_type',
  'sms_receipt_bad_signature',
  'sms_receipt_no_tag',
  'sms_receipt_no_status',
  'sms_receipt_unknown_status',
  'sms_receipt_too_early',
  'email_bounces_not_configured',
  'email_bounce_bad_signature',
  'email_bounce_not_dsn',
  'email_bounce_no_reference',
  'email_bounce_unknown_action',
  'email_bounce_content_type',
  'email_bounce_too_large',
  'email_bounce_empty',
  'receipt_wrong_channel',
  'receipt_never_sent',
  'calendar_token_required',
  'calendar_token_invalid',
  'design_system_file_not_found',
  'console_file_not_found',
];

const inMinutes = (n) => (!(Number(n) >= 1) ? 'plus tard' : Number(n) > 1 ? `dans ${n} minutes` : 'dans 1 minute');
const plural = (list, one, many) => ((list?.length ?? 0) > 1 ? many : one);
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

/** The French sentence for a refusal of the API (status, error code, the API's own message, its details). */
export function errorMessage(status, code, apiMessage, details) {
  const known = ERROR_MESSAGES[code];
  if (typeof known === 'function') return known(details);
  if (known) return known;
  // Some refusals already speak French (the checks of a template, of a CSV file): they are kept as written.
  if (typeof apiMessage === 'string' && looksFrench(apiMessage)) return apiMessage;
  return ERROR_BY_STATUS[status] ?? (status >= 500 ? 'Le serveur a rencontré une erreur : réessayez dans un instant.' : `La demande a été refusée (erreur ${status}).`);
}

function looksFrench(text) {
  return /[àâçéèêëîïôûùœ’]/i.test(text) || /\b(le|la|les|des|est|une|pour|dans)\b/i.test(text);
}
