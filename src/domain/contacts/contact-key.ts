/**
 * What makes two contacts the same one: kind, name, organisation and commune
 * (see contact.entity.ts). The CSV reader refuses a file that names a contact
 * twice; the import plan finds the contact a line updates.
 */
export const naturalKey = (c: { kind: string; name: string; organisation: string | null; communeInsee: string | null }): string => JSON.stringify([c.kind, c.name, c.organisation, c.communeInsee]);
