import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * The national information number (NNIP) that the CIP answers (commitment C4)
 * and that every public message then prints. A wrong digit sends the public
 * to a stranger, so it is checked against the numbering plan, not a regex.
 *
 * "max" metadata rather than the default "min": only it knows the number
 * types, which is how a premium-rate number is told from a toll-free one.
 */

// Overseas departments and collectivities have their own country codes; their
// prefectures publish numbers there, and a national 0262/0590... number is not
// valid under FR, so each region is tried in turn.
const FRENCH_REGIONS: readonly CountryCode[] = ['FR', 'RE', 'YT', 'GP', 'MQ', 'GF', 'PM', 'BL', 'MF', 'NC', 'PF', 'WF'];

export type NationalNumberErrorCode = 'empty' | 'invalid' | 'not_french' | 'premium_rate';

export type NationalNumberResult =
  | {
      ok: true;
      /** +33800130000: what is stored and compared. */
      e164: string;
      /** 0 800 13 00 00: what is printed in French public messages. */
      display: string;
      /** +33 800 13 00 00: for readers abroad. */
      international: string;
    }
  | { ok: false; code: NationalNumberErrorCode; message: string };

const EXAMPLE = 'e.g. 0 800 130 000 or +33 800 130 000';

export function validateNationalInformationNumber(input: string | null | undefined): NationalNumberResult {
  const raw = (input ?? '').trim();
  if (raw === '') {
    return { ok: false, code: 'empty', message: `Enter the national information number (NNIP) to publish, ${EXAMPLE}.` };
  }
  // Overlong input is refused before parsing: it is never a phone number and should not reach the parser.
  if (raw.length > 40) {
    return { ok: false, code: 'invalid', message: `This is not a phone number. Enter the national information number as it will be published, ${EXAMPLE}.` };
  }

  for (const region of FRENCH_REGIONS) {
    const n = parsePhoneNumberFromString(raw, region);
    if (!n?.isValid()) continue;
    if (!n.country || !FRENCH_REGIONS.includes(n.country)) {
      return {
        ok: false,
        code: 'not_french',
        message: `"${raw}" is a number of another country (+${n.countryCallingCode}). The national information number must be a French number, ${EXAMPLE}.`,
      };
    }
    if (n.getType() === 'PREMIUM_RATE') {
      return {
        ok: false,
        code: 'premium_rate',
        message: `"${raw}" is a premium-rate number: the public must not pay to reach the information cell. Use a free number, ${EXAMPLE}.`,
      };
    }
    return { ok: true, e164: n.number, display: n.formatNational(), international: n.formatInternational() };
  }
  return {
    ok: false,
    code: 'invalid',
    message: `"${raw}" is not a valid French phone number. Enter the national information number as it will be published, ${EXAMPLE}.`,
  };
}
