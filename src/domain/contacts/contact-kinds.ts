/**
 * Who the prefecture writes to. The kind decides the audience a contact belongs
 * to and what the import requires (a mayor needs a commune).
 */
export const CONTACT_KINDS = ['mayor', 'deputy_mayor', 'mp', 'senator', 'departmental_councillor', 'regional_councillor', 'newsroom', 'agency', 'internal_service'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export const isContactKind = (v: string): v is ContactKind => (CONTACT_KINDS as readonly string[]).includes(v);

/** A mayor or a deputy mayor acts for one commune; dynamic lists ("mayors of the affected communes") rely on it. */
export const KINDS_WITH_COMMUNE: readonly ContactKind[] = ['mayor', 'deputy_mayor'];

export type ContactGroup = 'elected' | 'media' | 'internal';

export function contactGroup(kind: ContactKind): ContactGroup {
  if (kind === 'newsroom' || kind === 'agency') return 'media';
  if (kind === 'internal_service') return 'internal';
  return 'elected';
}
