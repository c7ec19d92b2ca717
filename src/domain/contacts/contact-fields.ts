import { checkCommune, checkEmail, checkMobile } from './contact-checks';
import { type ContactKind, CONTACT_KINDS, isContactKind, KINDS_WITH_COMMUNE } from './contact-kinds';

/**
 * A contact entered or changed through the API: the same rules as a line of
 * the CSV import, with the API's field names, every problem at once.
 */

export interface ContactFields {
  kind: ContactKind;
  name: string;
  organisation: string | null;
  communeInsee: string | null;
  email: string | null;
  mobile: string | null;
  exerciseParticipant: boolean;
}

export interface ContactInput {
  kind: string;
  name: string;
  organisation?: string | null;
  communeInsee?: string | null;
  email?: string | null;
  mobile?: string | null;
  exerciseParticipant?: boolean;
}

export interface ContactFieldError {
  field: keyof ContactFields;
  message: string;
}

export type ContactValidation = { ok: true; contact: ContactFields } | { ok: false; errors: ContactFieldError[] };

const blankToNull = (v: string | null | undefined): string | null => (v === undefined || v === null || v.trim() === '' ? null : v.trim());

export function validateContactFields(input: ContactInput): ContactValidation {
  const errors: ContactFieldError[] = [];
  const fail = (field: keyof ContactFields) => (why: string) => errors.push({ field, message: `${field}: ${why}` });

  const kind = input.kind;
  if (!isContactKind(kind)) fail('kind')(`"${kind}" is not a kind of contact; expected one of ${CONTACT_KINDS.join(', ')}`);

  const name = input.name.trim();
  if (name === '') fail('name')('the name is empty');
  else if (name.length > 200) fail('name')(`the name is ${name.length} characters long; the limit is 200`);

  const organisation = blankToNull(input.organisation);
  if (organisation && organisation.length > 200) fail('organisation')(`the organisation is ${organisation.length} characters long; the limit is 200`);

  let communeInsee = blankToNull(input.communeInsee);
  if (communeInsee) communeInsee = checkCommune(communeInsee, {}, fail('communeInsee')) ? communeInsee.toUpperCase() : null;
  else if (isContactKind(kind) && KINDS_WITH_COMMUNE.includes(kind)) fail('communeInsee')(`a ${kind} needs the INSEE code of their commune (e.g. 88160 for Épinal)`);

  const emailRaw = blankToNull(input.email);
  const email = emailRaw ? (checkEmail(emailRaw, fail('email')) ?? null) : null;
  const mobileRaw = blankToNull(input.mobile);
  const mobile = mobileRaw ? (checkMobile(mobileRaw, fail('mobile')) ?? null) : null;
  if (!emailRaw && !mobileRaw) fail('email')('a contact needs an email address or a mobile number; both are empty');

  if (errors.length > 0 || !isContactKind(kind)) return { ok: false, errors };
  return { ok: true, contact: { kind, name, organisation, communeInsee, email, mobile, exerciseParticipant: input.exerciseParticipant ?? false } };
}
