import { findCommune } from '../../domain/communes/commune-directory';
import { contactGroup } from '../../domain/contacts/contact-kinds';
import { parseDynamicRule, ruleNeedsCommunes } from '../../domain/contacts/recipient-rules';
import { ContactEntity } from './contact.entity';
import { DistributionListEntity } from './distribution-list.entity';

/** What the API says about a contact; `lists` names the static lists they are on. */
export function contactView(c: ContactEntity, lists: string[] = []) {
  return {
    id: c.id,
    kind: c.kind,
    group: contactGroup(c.kind),
    name: c.name,
    organisation: c.organisation,
    communeInsee: c.communeInsee,
    communeName: c.communeInsee ? (findCommune(c.communeInsee)?.name ?? null) : null,
    email: c.email,
    mobile: c.mobile,
    exerciseParticipant: c.exerciseParticipant,
    active: c.active,
    lists,
    createdAt: new Date(c.createdAt).toISOString(),
    updatedAt: new Date(c.updatedAt).toISOString(),
  };
}

export type ContactView = ReturnType<typeof contactView>;

export function listView(l: DistributionListEntity, memberCount: number | null) {
  const rule = l.kind === 'dynamic' ? parseDynamicRule(l.rule) : undefined;
  return {
    id: l.id,
    name: l.name,
    description: l.description,
    kind: l.kind,
    rule: l.rule,
    /** A dynamic list whose members depend on the communes of an event: ask for its members with an eventId. */
    needsEvent: rule ? ruleNeedsCommunes(rule) : false,
    /** Active members of a static list; null for a dynamic one, whose members depend on the event. */
    memberCount,
    createdAt: new Date(l.createdAt).toISOString(),
  };
}

export type ListView = ReturnType<typeof listView>;
