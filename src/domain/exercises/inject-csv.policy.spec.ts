import { parseInjectCsv } from './inject-csv.policy';

const players = [{ id: '1', name: 'Claire Dupont', role: 'communication', email: 'c@example.org', phone: null }];

describe('the MSEL from a CSV file', () => {
  it('reads ; or , files, decimal commas, and numbers lines as a spreadsheet does', () => {
    const semi = parseInjectCsv(
      '\uFEFFoffset_minutes;scenario;recipient;means;expected_action\n0;La Moselle déborde à Épinal;communication;console;Alerter les maires\n\n7,5;"Coupure; RN57";Claire Dupont;SMS;Informer la presse\n',
      players,
    );
    expect(semi).toEqual({
      ok: true,
      errors: [],
      injects: [
        { line: 2, offsetMinutes: 0, scenario: 'La Moselle déborde à Épinal', recipient: 'communication', means: 'console', expectedAction: 'Alerter les maires' },
        { line: 4, offsetMinutes: 7.5, scenario: 'Coupure; RN57', recipient: 'Claire Dupont', means: 'sms', expectedAction: 'Informer la presse' },
      ],
    });
    const comma = parseInjectCsv('offset_minutes,scenario,recipient,means,expected_action\n5,Crue,communication,email,Répondre\n', players);
    expect(comma.ok && comma.injects[0].offsetMinutes).toBe(5);
  });

  it.each([
    ['-5;Crue;communication;console;Répondre', 'offset_minutes'],
    ['T+5;Crue;communication;console;Répondre', 'offset_minutes'],
    ['5;;communication;console;Répondre', 'scenario'],
    ['5;Crue;préfet;console;Répondre', 'recipient'],
    ['5;Crue;communication;pigeon;Répondre', 'means'],
    ['5;Crue;communication;console;', 'expected_action'],
  ])('names the line and the column of %s', (line, column) => {
    const r = parseInjectCsv(`offset_minutes;scenario;recipient;means;expected_action\n0;Bon;communication;console;Répondre\n${line}\n`, players);
    expect(r.ok && r.errors).toEqual([expect.objectContaining({ line: 3, column })]);
  });

  it.each([
    ['', /empty/],
    ['offset;scenario\n1;x', /header lacks/],
    ['offset_minutes;scenario;recipient;means;expected_action\n', /no inject/],
  ])('refuses a file that is not an MSEL: %j', (text, message) => {
    const r = parseInjectCsv(text, players);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(message);
  });
});
