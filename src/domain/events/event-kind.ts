/**
 * The kinds of major event a prefecture manages. The keys are the API values;
 * the labels are what the console shows (French first, see DESIGN section 1).
 */
export const EVENT_KINDS = ['forest_fire', 'flood', 'storm', 'industrial_accident', 'heat_wave', 'snow_ice', 'pollution', 'public_health', 'security', 'network_outage', 'other'] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_KIND_LABELS_FR: Readonly<Record<EventKind, string>> = {
  forest_fire: 'Feu de forêt',
  flood: 'Inondation',
  storm: 'Tempête',
  industrial_accident: 'Accident industriel',
  heat_wave: 'Canicule',
  snow_ice: 'Neige et verglas',
  pollution: 'Pollution',
  public_health: 'Crise sanitaire',
  security: 'Sécurité (attentat, menace)',
  network_outage: 'Panne de réseaux (électricité, eau, télécommunications)',
  other: 'Autre événement',
};

// Typed as unknown so request bodies can be checked before they are trusted.
export function isEventKind(value: unknown): value is EventKind {
  return typeof value === 'string' && (EVENT_KINDS as readonly string[]).includes(value);
}

export function eventKindLabelFr(kind: EventKind): string {
  return EVENT_KIND_LABELS_FR[kind];
}

/** The message for a kind that is not in the list, naming every accepted value. */
export function unknownEventKindMessage(value: unknown): string {
  const shown = typeof value === 'string' ? `"${value}"` : String(value);
  return `Unknown event kind ${shown}. Use one of: ${EVENT_KINDS.join(', ')}.`;
}
