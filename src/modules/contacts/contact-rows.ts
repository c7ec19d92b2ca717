import { EntityManager } from 'typeorm';
import type { ContactKind } from '../../domain/contacts/contact-kinds';
import type { SelectableContact } from '../../domain/contacts/recipient-rules';

export interface ContactRow extends SelectableContact {
  name: string;
  email: string | null;
  mobile: string | null;
}

/**
 * The fields recipient selection needs, for every contact of some kinds. A
 * prefecture has thousands of contacts at most: loading them and applying the
 * pure rules in memory keeps a single definition of each rule.
 */
export async function loadSelectableContacts(m: EntityManager, kinds: readonly ContactKind[]): Promise<ContactRow[]> {
  const rows: { id: string; kind: ContactKind; name: string; commune_insee: string | null; email: string | null; mobile: string | null; exercise_participant: boolean; active: boolean }[] =
    await m.query(
      `SELECT id, kind, name, commune_insee, email, mobile, exercise_participant, active
         FROM contacts WHERE active AND kind = ANY($1::text[])
        ORDER BY name, organisation NULLS FIRST, id`,
      [[...kinds]],
    );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    communeInsee: r.commune_insee,
    email: r.email,
    mobile: r.mobile,
    exerciseParticipant: r.exercise_participant,
    active: r.active,
  }));
}

/** Static list names of each contact, for the views. */
export async function listNamesOf(m: EntityManager, contactIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (contactIds.length === 0) return out;
  const rows: { contact_id: string; name: string }[] = await m.query(
    `SELECT m.contact_id, l.name FROM distribution_list_members m JOIN distribution_lists l ON l.id = m.list_id
      WHERE m.contact_id = ANY($1::uuid[]) ORDER BY l.name`,
    [contactIds],
  );
  for (const r of rows) out.set(r.contact_id, [...(out.get(r.contact_id) ?? []), r.name]);
  return out;
}

/** PostgreSQL's unique_violation, e.g. two requests creating the same contact together. */
