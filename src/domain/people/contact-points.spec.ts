import { readEmailAddress, readMobileNumber } from './contact-points';

const mobile = (input: string) => {
  const r = readMobileNumber(input);
  return r.ok ? `ok:${r.e164}` : r.problem;
};
const email = (input: string) => {
  const r = readEmailAddress(input);
  return r.ok ? `ok:${r.address}` : r.problem;
};

describe('one mobile rule for cell members, exercise people and contacts', () => {
  it.each([
    ['French mobile, national form', '06 12 34 56 78', 'ok:+33612345678'],
    ['French mobile 07, with dots', '07.81.23.45.67', 'ok:+33781234567'],
    ['international form', '+33 6 12 34 56 78', 'ok:+33612345678'],
    ['00 prefix', '0033 6 39 98 00 01', 'ok:+33639980001'],
    ['the leading 0 a spreadsheet dropped', '639980001', 'ok:+33639980001'],
    // libphonenumber does not know these blocks; the national plan says 06 and 07 are mobiles.
    ['ARCEP range for fiction, national', '06 39 98 00 01', 'ok:+33639980001'],
    ['ARCEP range for fiction, international', '+33 6 39 98 01 02', 'ok:+33639980102'],
    ['a 07 block not yet allocated', '07 00 00 00 01', 'ok:+33700000001'],
    ['spaces around', '  0612345678 ', 'ok:+33612345678'],
    ['Réunion mobile in international form', '+262 692 12 34 56', 'ok:+262692123456'],
    ['Belgian mobile', '+32 470 12 34 56', 'ok:+32470123456'],
    ['US number, mobile or fixed', '+1 212 555 0123', 'ok:+12125550123'],
    ['Réunion mobile typed nationally would be a metropolitan number that does not exist', '0692 12 34 56', 'overseas_national'],
    ['French landline', '03 29 69 88 88', 'not_mobile'],
    ['French landline, international', '+33 3 29 69 88 88', 'not_mobile'],
    ['French VoIP 09', '09 70 12 34 56', 'not_mobile'],
    ['British landline', '+44 20 7946 0958', 'not_mobile'],
    ['too short', '06 12', 'invalid'],
    ['too short by two digits', '06 12 34 56', 'invalid'],
    ['too long', '06 12 34 56 78 90', 'invalid'],
    ['letters', 'pas de numéro', 'invalid'],
    ['very long input', '0'.repeat(500), 'invalid'],
  ])('%s: %j', (_why, input, expected) => {
    expect(mobile(input)).toBe(expected);
  });
});

describe('one email rule for cell members, exercise people and contacts', () => {
  it.each([
    ['plain, lower-cased', 'Claire.Dupont@vosges.gouv.fr', 'ok:claire.dupont@vosges.gouv.fr'],
    ['spaces around', '  a.b@interieur.gouv.fr ', 'ok:a.b@interieur.gouv.fr'],
    ['plus and subdomains', 'cod+88@alerte.vosges.gouv.fr', 'ok:cod+88@alerte.vosges.gouv.fr'],
    ['no @', 'claire.dupont.vosges.gouv.fr', 'invalid'],
    ['nothing after @', 'redaction@', 'invalid'],
    ['comma for a dot', 'claire@vosges,gouv,fr', 'invalid'],
    ['space inside', 'claire dupont@vosges.gouv.fr', 'invalid'],
    ['no domain dot', 'claire@localhost', 'invalid'],
    ['a trailing dot', 'claire@vosges.gouv.fr.', 'invalid'],
    ['a hyphen ending a label', 'claire@vosges-.fr', 'invalid'],
    ['a name and brackets', 'Claire <claire@vosges.gouv.fr>', 'invalid'],
    ['longer than 254', `${'a'.repeat(250)}@b.fr`, 'invalid'],
    ['two addresses', 'a@example.org;b@example.org', 'several'],
    ['two @', 'a@b@vosges.gouv.fr', 'several'],
  ])('%s: %j', (_why, input, expected) => {
    expect(email(input)).toBe(expected);
  });
});
