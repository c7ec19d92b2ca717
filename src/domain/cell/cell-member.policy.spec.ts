import { checkCellRole, checkMemberEmail, checkMemberMobile, checkMemberName } from './cell-member.policy';

const code = (r: { ok: boolean; code?: string; value?: string }) => (r.ok ? `ok:${r.value}` : r.code);

describe('cell member checks', () => {
  it.each([
    ['French mobile, national form', '06 12 34 56 78', 'ok:+33612345678'],
    ['French mobile 07, with dots', '07.81.23.45.67', 'ok:+33781234567'],
    ['international form', '+33 6 12 34 56 78', 'ok:+33612345678'],
    ['Réunion mobile in international form', '+262 692 12 34 56', 'ok:+262692123456'],
    ['Belgian mobile', '+32 470 12 34 56', 'ok:+32470123456'],
    ['empty', '  ', 'member_phone_missing'],
    ['a landline cannot receive SMS', '03 29 69 88 88', 'member_phone_not_mobile'],
    ['too short', '06 12 34', 'member_phone_invalid'],
    ['letters', 'pas de numéro', 'member_phone_invalid'],
    ['very long input', '0'.repeat(500), 'member_phone_invalid'],
    ['not a string', 612345678, 'member_phone_missing'],
  ])('mobile: %s', (_why, input, expected) => {
    expect(code(checkMemberMobile(input))).toBe(expected);
  });

  it.each([
    ['plain', 'Claire.Dupont@vosges.gouv.fr', 'ok:claire.dupont@vosges.gouv.fr'],
    ['with spaces around', '  a.b@interieur.gouv.fr ', 'ok:a.b@interieur.gouv.fr'],
    ['empty', '', 'member_email_missing'],
    ['no @', 'claire.dupont.vosges.gouv.fr', 'member_email_invalid'],
    ['comma for a dot', 'claire@vosges,gouv,fr', 'member_email_invalid'],
    ['space inside', 'claire dupont@vosges.gouv.fr', 'member_email_invalid'],
    ['no domain dot', 'claire@localhost', 'member_email_invalid'],
    ['two @', 'a@b@vosges.gouv.fr', 'member_email_invalid'],
  ])('email: %s', (_why, input, expected) => {
    expect(code(checkMemberEmail(input))).toBe(expected);
  });

  it.each([
    ['a usual role', 'chief', 'ok:chief'],
    ['a role of the prefecture', 'liaison_mairie', 'ok:liaison_mairie'],
    ['capitals', 'Chief', 'cell_role_invalid'],
    ['spaces', 'social media', 'cell_role_invalid'],
    ['empty', '', 'cell_role_invalid'],
  ])('role: %s', (_why, input, expected) => {
    expect(code(checkCellRole(input))).toBe(expected);
  });

  it.each([
    ['a name', ' Claire Dupont ', 'ok:Claire Dupont'],
    ['one letter', 'C', 'member_name_invalid'],
  ])('name: %s', (_why, input, expected) => {
    expect(code(checkMemberName(input))).toBe(expected);
  });
});
