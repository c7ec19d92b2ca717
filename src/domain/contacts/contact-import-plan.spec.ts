import { parseContactsCsv } from './contact-csv';
import { ExistingContact, planImport } from './contact-import-plan';

const FULL = 'kind;name;organisation;commune_insee;email;mobile;exercise_participant';
const parse = (text: string) => parseContactsCsv(text);

const epinal: ExistingContact = {
  id: 'c1',
  kind: 'mayor',
  name: 'Sophie Marchal',
  organisation: "Mairie d'Épinal",
  communeInsee: '88160',
  email: 'maire.epinal@example.org',
  mobile: '+33639980001',
  exerciseParticipant: true,
  active: true,
};

describe('planImport', () => {
  it.each<[string, string, ExistingContact[], { create: number; update: number; unchanged: number }]>([
    ['a new contact is created', `${FULL}\nmp;Jean Dupont;;;jean@example.org;;non\n`, [epinal], { create: 1, update: 0, unchanged: 0 }],
    ['the same line again changes nothing', `${FULL}\nmayor;Sophie Marchal;Mairie d'Épinal;88160;maire.epinal@example.org;06 39 98 00 01;oui\n`, [epinal], { create: 0, update: 0, unchanged: 1 }],
    ['a new email updates the contact', `${FULL}\nmayor;Sophie Marchal;Mairie d'Épinal;88160;sophie@example.org;06 39 98 00 01;oui\n`, [epinal], { create: 0, update: 1, unchanged: 0 }],
    [
      'a contact deleted before is active again',
      `${FULL}\nmayor;Sophie Marchal;Mairie d'Épinal;88160;maire.epinal@example.org;06 39 98 00 01;oui\n`,
      [{ ...epinal, active: false }],
      { create: 0, update: 1, unchanged: 0 },
    ],
    ['same name in another commune is another contact', `${FULL}\nmayor;Sophie Marchal;;88196;sm@example.org;;\n`, [epinal], { create: 1, update: 0, unchanged: 0 }],
    ['same name and commune, another kind, is another contact', `${FULL}\ndeputy_mayor;Sophie Marchal;;88160;sm@example.org;;\n`, [epinal], { create: 1, update: 0, unchanged: 0 }],
    [
      'a file without some columns leaves those fields as they are',
      "kind;name;organisation;commune_insee;mobile\nmayor;Sophie Marchal;Mairie d'Épinal;88160;06 39 98 00 01\n",
      [epinal],
      { create: 0, update: 0, unchanged: 1 },
    ],
    [
      'same name and kind at another organisation is another contact',
      `${FULL}\nnewsroom;Rédaction;Radio Trois Vallons;;antenne@example.org;;\n`,
      [{ ...epinal, kind: 'newsroom', name: 'Rédaction', organisation: 'Vosges Matin', communeInsee: null }],
      { create: 1, update: 0, unchanged: 0 },
    ],
  ])('%s', (_label, text, existing, counts) => {
    const { rows, columns, errors } = parse(text);
    expect(errors).toEqual([]);
    const plan = planImport(rows, columns, existing);
    expect({ create: plan.create.length, update: plan.update.length, unchanged: plan.unchanged.length }).toEqual(counts);
  });

  it('updates only the columns the file has, keeping the others', () => {
    const { rows, columns } = parse("kind;name;organisation;commune_insee;mobile\nmayor;Sophie Marchal;Mairie d'Épinal;88160;06 39 98 00 09\n");
    const { id: _id, ...fields } = epinal;
    expect(planImport(rows, columns, [epinal]).update).toEqual([{ line: 2, id: 'c1', fields: { ...fields, mobile: '+33639980009' } }]);
  });

  it('gives a new contact what the file says, and defaults for missing columns', () => {
    const { rows, columns } = parse('kind;name;email\nsenator;Marie Curie;marie@example.org\n');
    expect(planImport(rows, columns, []).create).toEqual([
      { line: 2, fields: { kind: 'senator', name: 'Marie Curie', organisation: null, communeInsee: null, email: 'marie@example.org', mobile: null, exerciseParticipant: false, active: true } },
    ]);
  });
});
