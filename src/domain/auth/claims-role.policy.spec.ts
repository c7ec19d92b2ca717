import { parseClaimRules, roleFromClaims } from './claims-role.policy';

describe('claims → role rules', () => {
  const parsed = parseClaimRules('groups=urn:cod:prefet:prefect; siret=13000000000015:duty_officer ;email=@vosges.gouv.fr:reviewer');

  it('parses claim=value:role, the role after the last colon', () => {
    expect(parsed).toEqual({
      ok: true,
      rules: [
        { claim: 'groups', value: 'urn:cod:prefet', role: 'prefect' },
        { claim: 'siret', value: '13000000000015', role: 'duty_officer' },
        { claim: 'email', value: '@vosges.gouv.fr', role: 'reviewer' },
      ],
    });
  });

  it('first matching rule wins; arrays match on any member; email domains match the end', () => {
    if (!parsed.ok) throw new Error('unparsed');
    expect(roleFromClaims(parsed.rules, { groups: ['x', 'urn:cod:prefet'], siret: '13000000000015' })).toBe('prefect');
    expect(roleFromClaims(parsed.rules, { siret: '13000000000015', email: 'a@vosges.gouv.fr' })).toBe('duty_officer');
    expect(roleFromClaims(parsed.rules, { email: 'A.B@Vosges.Gouv.Fr' })).toBe('reviewer');
    expect(roleFromClaims(parsed.rules, { email: 'a@vosges.gouv.fr.evil.example' })).toBeNull();
    expect(roleFromClaims(parsed.rules, { email: 'a@meuse.gouv.fr', groups: 'urn:cod' })).toBeNull();
  });

  it('refuses admin and malformed rules with a message naming the rule', () => {
    expect(parseClaimRules('groups=root:admin')).toEqual({ ok: false, message: expect.stringContaining('admin is never granted') });
    expect(parseClaimRules('groups-prefect')).toEqual({ ok: false, message: expect.stringContaining('"groups-prefect" is not claim=value:role') });
    expect(parseClaimRules('')).toEqual({ ok: true, rules: [] });
  });
});
