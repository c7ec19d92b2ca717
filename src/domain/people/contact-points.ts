import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * How a person is reached: one email rule and one mobile rule for everyone the
 * product writes to (cell members, exercise directors and players, contacts),
 * so that an address or a number accepted in one form is accepted in the
 * others. Each caller words its own messages; this says what is wrong.
 */

// Deliberately plain: one @, no spaces, a dot in the domain. The SMTP server is the real judge;
// this catches the typos people make (missing @, "gouv,fr", spaces, a trailing dot).
const EMAIL = /^[^\s@<>(),;:"[\]]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

export type EmailReading = { ok: true; address: string } | { ok: false; problem: 'several' | 'invalid' };

/** A non-empty address as typed: lower case, so that the same address is the same person. */
export function readEmailAddress(input: string): EmailReading {
  const raw = input.trim();
  // Several addresses pasted in one field: saying so helps more than "not valid".
  if ((raw.match(/@/g) ?? []).length > 1) return { ok: false, problem: 'several' };
  if (raw.length > 254 || !EMAIL.test(raw)) return { ok: false, problem: 'invalid' };
  return { ok: true, address: raw.toLowerCase() };
}

export type MobileReading = { ok: true; e164: string } | { ok: false; problem: 'invalid' | 'not_mobile' | 'overseas_national' };

// Overseas departments have their own country codes and mobile ranges inside 06 (0692 Réunion, 0690 Guadeloupe...).
const OVERSEAS: readonly CountryCode[] = ['RE', 'YT', 'GP', 'MQ', 'GF', 'PM', 'BL', 'MF'];

/**
 * A non-empty number as typed, in E.164. National French numbers (06…, 07…)
 * are read as French; a number from elsewhere needs its +country code.
 *
 * French numbers follow the national plan: every 06 and 07 number of the right
 * length is a mobile. libphonenumber only knows the blocks already allocated,
 * and not the range ARCEP reserves for fiction (06 39 98 …) that the sample
 * contacts use. An overseas mobile typed nationally (0692…) would become a
 * metropolitan number that does not exist: it is refused, with its +code to
 * write instead. Elsewhere libphonenumber's "max" metadata decides, and only
 * a number that can be a mobile is taken: the SMS must arrive.
 */
export function readMobileNumber(input: string): MobileReading {
  const raw = input.trim();
  // Overlong input is never a phone number and should not reach the parser.
  const n = raw.length <= 40 ? parsePhoneNumberFromString(raw, 'FR') : undefined;
  if (!n) return { ok: false, problem: 'invalid' };
  if (n.countryCallingCode === '33' && /^[67]/.test(n.nationalNumber) && n.isPossible()) {
    if (!n.isValid() && OVERSEAS.some((region) => parsePhoneNumberFromString(raw, region)?.getType() === 'MOBILE')) {
      return { ok: false, problem: 'overseas_national' };
    }
    return { ok: true, e164: n.number };
  }
  if (!n.isValid()) return { ok: false, problem: 'invalid' };
  const type = n.getType();
  if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return { ok: false, problem: 'not_mobile' };
  return { ok: true, e164: n.number };
}
