import { lookupCommune } from '../communes/commune-directory';
import { readEmailAddress, readMobileNumber } from '../people/contact-points';

/**
 * The checks of a contact's fields that a CSV line and the API share, in the
 * contacts' words. Each returns the stored value, or undefined after calling
 * `fail` with a reason a person can act on.
 */

/** The address in lower case. */
export function checkEmail(raw: string, fail: (why: string) => void, severalWhy = 'one email address only'): string | undefined {
  const read = readEmailAddress(raw);
  if (read.ok) return read.address;
  fail(read.problem === 'several' ? severalWhy : `"${raw}" is not a valid email address`);
  return undefined;
}

/** The official name of the commune; with a department (e.g. '88'), communes of other departments are refused. */
export function checkCommune(code: string, options: { department?: string }, fail: (why: string) => void): string | undefined {
  if (!/^(\d{5}|2[AB]\d{3})$/i.test(code)) {
    if (/^\d{4}$/.test(code)) {
      const padded = lookupCommune(`0${code}`);
      if (padded.status === 'current') {
        fail(`"${code}" has 4 digits: a spreadsheet probably dropped the leading zero; write 0${code} (${padded.commune.name}) and format the column as text`);
        return undefined;
      }
    }
    fail(`"${code}" is not an INSEE commune code (5 characters, e.g. 88160 for Épinal)`);
    return undefined;
  }
  const found = lookupCommune(code.toUpperCase());
  if (found.status === 'unknown') {
    fail(found.hint ?? `${code} is not the INSEE code of any commune`);
    return undefined;
  }
  if (found.status === 'not-current') {
    fail(found.why);
    return undefined;
  }
  if (options.department && found.commune.department !== options.department) {
    fail(`${code} ${found.commune.name} is in department ${found.commune.department}, not ${options.department}`);
    return undefined;
  }
  return found.commune.name;
}

/** The number in E.164 (src/domain/people/contact-points.ts: French numbers must be mobiles, others too). */
export function checkMobile(raw: string, fail: (why: string) => void): string | undefined {
  const read = readMobileNumber(raw);
  if (read.ok) return read.e164;
  if (read.problem === 'not_mobile') fail(`"${raw}" is a landline or service number; a French mobile starts with 06 or 07`);
  else if (read.problem === 'overseas_national') fail(`"${raw}" is an overseas mobile number: write it with its country code (e.g. +262 692 12 34 56)`);
  else fail(`"${raw}" is not a valid phone number (write 06 39 98 00 01 or +33 6 39 98 00 01)`);
  return undefined;
}
