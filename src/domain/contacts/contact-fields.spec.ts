import { ContactInput, validateContactFields } from './contact-fields';

const mayor: ContactInput = { kind: 'mayor', name: 'Sophie Marchal', communeInsee: '88160', email: 'Maire.Epinal@Example.org' };

describe('validateContactFields', () => {
  it.each<[string, ContactInput, Record<string, unknown>]>([
    ['a mayor, email lower-cased', mayor, { kind: 'mayor', communeInsee: '88160', email: 'maire.epinal@example.org', mobile: null, organisation: null, exerciseParticipant: false }],
    ['a French mobile in any usual writing, stored E.164', { kind: 'mp', name: 'A', mobile: '06 39 98 00 01' }, { mobile: '+33639980001', email: null, communeInsee: null }],
    [
      'names and organisations trimmed, blanks as null',
      { kind: 'newsroom', name: '  Vosges Matin ', organisation: ' ', email: 'redaction@example.org', mobile: '' },
      { name: 'Vosges Matin', organisation: null, mobile: null },
    ],
    ['a Corsican code in capitals', { kind: 'mayor', name: 'A', communeInsee: '2a004', email: 'a@example.org' }, { communeInsee: '2A004' }],
    ['an exercise participant', { ...mayor, exerciseParticipant: true }, { exerciseParticipant: true }],
  ])('accepts %s', (_label, input, expected) => {
    const r = validateContactFields(input);
    expect(r).toMatchObject({ ok: true, contact: expected });
  });

  it.each<[string, ContactInput, string, string]>([
    ['an unknown kind', { ...mayor, kind: 'maire' }, 'kind', 'kind: "maire" is not a kind of contact'],
    ['an empty name', { ...mayor, name: '  ' }, 'name', 'name: the name is empty'],
    ['a mayor without a commune', { ...mayor, communeInsee: null }, 'communeInsee', 'communeInsee: a mayor needs the INSEE code'],
    ['an unknown commune', { ...mayor, communeInsee: '88999' }, 'communeInsee', 'communeInsee: 88999 is not the INSEE code of any commune'],
    ['a delegated commune', { ...mayor, communeInsee: '88204' }, 'communeInsee', 'part of 88465 Thaon-les-Vosges'],
    ['a bad email', { ...mayor, email: 'redaction@' }, 'email', 'email: "redaction@" is not a valid email address'],
    ['two emails', { ...mayor, email: 'a@example.org;b@example.org' }, 'email', 'email: one email address only'],
    ['a landline', { ...mayor, mobile: '03 29 69 88 88' }, 'mobile', 'mobile: "03 29 69 88 88" is a landline or service number'],
    ['a number too short', { ...mayor, mobile: '06 12' }, 'mobile', 'mobile: "06 12" is not a valid phone number'],
    ['neither email nor mobile', { kind: 'mp', name: 'A', email: ' ', mobile: null }, 'email', 'needs an email address or a mobile number'],
    ['an organisation too long', { ...mayor, organisation: 'x'.repeat(201) }, 'organisation', 'the limit is 200'],
  ])('refuses %s', (_label, input, field, message) => {
    const r = validateContactFields(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([{ field, message: expect.stringContaining(message) }]);
  });

  it('reports every problem at once', () => {
    const r = validateContactFields({ kind: 'mayor', name: '', communeInsee: 'EPINAL', email: 'x', mobile: '01' });
    expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(['name', 'communeInsee', 'email', 'mobile']);
  });
});
