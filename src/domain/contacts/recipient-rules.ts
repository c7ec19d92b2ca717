import { type ContactKind, contactGroup, KINDS_WITH_COMMUNE } from './contact-kinds';

/**
 * Who receives a message: the rules of dynamic distribution lists and the
 * default recipients of each audience. Pure: contacts and lists in, contacts out.
 */

export const DYNAMIC_RULE_TYPES = ['mayors_of_affected_communes', 'elected_all', 'media_all', 'exercise_participants'] as const;
export type DynamicRuleType = (typeof DYNAMIC_RULE_TYPES)[number];
export interface DynamicRule {
  type: DynamicRuleType;
}

/** The rule of a dynamic list as stored (jsonb), or undefined when it is not one this version understands. */
export function parseDynamicRule(value: unknown): DynamicRule | undefined {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === 'string' && (DYNAMIC_RULE_TYPES as readonly string[]).includes(type) ? { type: type as DynamicRuleType } : undefined;
}

/** Rules that depend on where the event is: they cannot be evaluated without its communes. */
export const ruleNeedsCommunes = (rule: DynamicRule): boolean => rule.type === 'mayors_of_affected_communes';

export interface SelectableContact {
  id: string;
  kind: ContactKind;
  communeInsee: string | null;
  active: boolean;
  exerciseParticipant: boolean;
}

export type SelectableList = { id: string; kind: 'static'; memberIds: readonly string[] } | { id: string; kind: 'dynamic'; rule: DynamicRule };

/** The audiences that have contacts; the public is reached through public channels, not a contact list. */
export type RecipientAudience = 'elected' | 'media';

export function matchesRule(rule: DynamicRule, c: SelectableContact, affectedCommunes: ReadonlySet<string>): boolean {
  switch (rule.type) {
    case 'mayors_of_affected_communes':
      return KINDS_WITH_COMMUNE.includes(c.kind) && c.communeInsee !== null && affectedCommunes.has(c.communeInsee);
    case 'elected_all':
      return contactGroup(c.kind) === 'elected';
    case 'media_all':
      return contactGroup(c.kind) === 'media';
    case 'exercise_participants':
      return c.exerciseParticipant;
  }
}

/** The active members of one list; a dynamic list is evaluated against the affected communes. */
export function listMembers<C extends SelectableContact>(list: SelectableList, contacts: readonly C[], affectedCommunes: readonly string[]): C[] {
  const active = contacts.filter((c) => c.active);
  if (list.kind === 'static') {
    const ids = new Set(list.memberIds);
    return active.filter((c) => ids.has(c.id));
  }
  const affected = new Set(affectedCommunes);
  return active.filter((c) => matchesRule(list.rule, c, affected));
}

/**
 * Internal services (SDIS, DDT, the communication cell...) belong to no public
 * audience, so no default ever reaches them. Put on a list that is named for a
 * dispatch, they receive the message to elected officials, which carries the
 * operational facts; the media get a press release that they do not need, and
 * sending both would give them every message twice.
 */
export function belongsToAudience(kind: ContactKind, audience: RecipientAudience): boolean {
  const group = contactGroup(kind);
  return audience === 'media' ? group === 'media' : group === 'elected' || group === 'internal';
}

/**
 * The default recipients of an audience for an event. Elected officials: those
 * tied to a commune (mayors, deputy mayors, anyone recorded with one) when their
 * commune is affected, and every elected official without a commune (members of
 * parliament, senators, councillors), whose mandate covers the whole department.
 * Media: every newsroom and agency.
 */
export function isDefaultRecipient(c: SelectableContact, audience: RecipientAudience, affectedCommunes: ReadonlySet<string>): boolean {
  const group = contactGroup(c.kind);
  if (audience === 'media') return group === 'media';
  return group === 'elected' && (c.communeInsee === null || affectedCommunes.has(c.communeInsee));
}

export interface RecipientSelection {
  audience: RecipientAudience;
  /** INSEE codes of the event's communes. */
  communes: readonly string[];
  /** When given (even empty), the union of these lists replaces the default. */
  lists?: readonly SelectableList[];
  /** Exercise mode: only contacts who agreed to take part in exercises. */
  exerciseOnly: boolean;
}

/** Each contact at most once, in the order of `contacts`; inactive contacts never. */
export function selectRecipients<C extends SelectableContact>(input: RecipientSelection, contacts: readonly C[]): C[] {
  const affected = new Set(input.communes);
  let chosen: Set<string>;
  if (input.lists) {
    chosen = new Set(input.lists.flatMap((l) => listMembers(l, contacts, input.communes).map((c) => c.id)));
  } else {
    chosen = new Set(contacts.filter((c) => isDefaultRecipient(c, input.audience, affected)).map((c) => c.id));
  }
  const seen = new Set<string>();
  return contacts.filter((c) => {
    if (!chosen.has(c.id) || seen.has(c.id) || !c.active) return false;
    if (!belongsToAudience(c.kind, input.audience)) return false;
    if (input.exerciseOnly && !c.exerciseParticipant) return false;
    seen.add(c.id);
    return true;
  });
}
