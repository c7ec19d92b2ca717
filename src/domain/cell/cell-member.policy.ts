import { readEmailAddress, readMobileNumber } from '../people/contact-points';

/**
 * What a cell member must have to be paged: a working email address and a
 * mobile number that can receive an SMS. A member who cannot be reached is
 * refused at entry, not discovered at 3 a.m.
 */

/** The usual roles of the cell; a prefecture may add its own (lowercase, underscores). */
const CELL_ROLE_LABELS_FR: Readonly<Record<string, string>> = {
  chief: 'chef de cellule',
  writer: 'rédacteur',
  social_media: 'réseaux sociaux',
  press: 'relations presse',
  cip: "cellule d'information du public",
};

const ROLE = /^[a-z][a-z0-9_]{1,39}$/;

export function cellRoleLabelFr(role: string): string {
  return CELL_ROLE_LABELS_FR[role] ?? role.replace(/_/g, ' ');
}

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export function checkCellRole(input: unknown): FieldCheck<string> {
  const role = typeof input === 'string' ? input.trim() : '';
  if (!ROLE.test(role)) {
    return {
      ok: false,
      code: 'cell_role_invalid',
      message: `role must be a cell role such as ${Object.keys(CELL_ROLE_LABELS_FR).join(', ')} (lowercase letters, digits and underscores).`,
    };
  }
  return { ok: true, value: role };
}

export function checkMemberEmail(input: unknown): FieldCheck<string> {
  const email = typeof input === 'string' ? input.trim() : '';
  if (email === '') return { ok: false, code: 'member_email_missing', message: 'An email address is required: pages are sent by email and by SMS.' };
  const read = readEmailAddress(email);
  if (!read.ok) {
    return { ok: false, code: 'member_email_invalid', message: `"${email.slice(0, 80)}" is not a valid email address (expected e.g. prenom.nom@vosges.gouv.fr).` };
  }
  return { ok: true, value: read.address };
}

/** A mobile number, stored in E.164 (src/domain/people/contact-points.ts). Fixed lines are refused: they cannot receive the SMS page. */
export function checkMemberMobile(input: unknown): FieldCheck<string> {
  const raw = typeof input === 'string' ? input.trim() : '';
  if (raw === '') return { ok: false, code: 'member_phone_missing', message: 'A mobile phone number is required: pages are sent by SMS as well as by email.' };
  const read = readMobileNumber(raw);
  if (read.ok) return { ok: true, value: read.e164 };
  if (read.problem === 'not_mobile') {
    return { ok: false, code: 'member_phone_not_mobile', message: `"${raw}" is not a mobile number: it cannot receive the SMS page. Give a mobile number (06 or 07 in France).` };
  }
  if (read.problem === 'overseas_national') {
    return { ok: false, code: 'member_phone_invalid', message: `"${raw}" is an overseas mobile number: write it with its country code (e.g. +262 692 12 34 56).` };
  }
  return { ok: false, code: 'member_phone_invalid', message: `"${raw.slice(0, 40)}" is not a valid phone number (expected e.g. 06 12 34 56 78 or +33 6 12 34 56 78).` };
}

export function checkMemberName(input: unknown): FieldCheck<string> {
  const name = typeof input === 'string' ? input.trim() : '';
  if (name.length < 2 || name.length > 120) return { ok: false, code: 'member_name_invalid', message: 'name must be the member’s name, 2 to 120 characters.' };
  return { ok: true, value: name };
}
