import type { ValidContact } from './contact-csv';
import type { ContactFields } from './contact-fields';
import { naturalKey } from './contact-key';

/**
 * What an import does with each valid line: create the contact, update it, or
 * leave it as it is. A contact is the same when its natural key is: kind, name,
 * organisation and commune (see contact.entity.ts).
 */

export interface ExistingContact extends ContactFields {
  id: string;
  active: boolean;
}

export type ImportedFields = Omit<ExistingContact, 'id'>;

export interface ImportPlan {
  create: { line: number; fields: ImportedFields }[];
  update: { line: number; id: string; fields: ImportedFields }[];
  unchanged: { line: number; id: string }[];
}

/**
 * A column the file does not have leaves that field of an existing contact as
 * it is (the organisation is part of the key: without that column, it is none): a file of names and mobiles must not erase the email addresses. An
 * imported contact is active again: the file says it is a current contact.
 */
export function planImport(rows: readonly ValidContact[], columns: readonly string[], existing: readonly ExistingContact[]): ImportPlan {
  const byKey = new Map(existing.map((e) => [naturalKey(e), e]));
  const has = (c: string) => columns.includes(c);
  const plan: ImportPlan = { create: [], update: [], unchanged: [] };
  for (const row of rows) {
    const found = byKey.get(naturalKey(row));
    const fields: ImportedFields = {
      kind: row.kind,
      name: row.name,
      communeInsee: row.communeInsee,
      organisation: row.organisation,
      email: has('email') || !found ? row.email : found.email,
      mobile: has('mobile') || !found ? row.mobile : found.mobile,
      exerciseParticipant: has('exercise_participant') || !found ? row.exerciseParticipant : found.exerciseParticipant,
      active: true,
    };
    if (!found) plan.create.push({ line: row.line, fields });
    else if (sameFields(found, fields)) plan.unchanged.push({ line: row.line, id: found.id });
    else plan.update.push({ line: row.line, id: found.id, fields });
  }
  return plan;
}

function sameFields(a: ImportedFields, b: ImportedFields): boolean {
  return (Object.keys(b) as (keyof ImportedFields)[]).every((k) => a[k] === b[k]);
}
