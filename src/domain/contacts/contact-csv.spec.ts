import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { findCommune, lookupCommune } from '../communes/commune-directory';
import { decodeCsv, detectDelimiter, parseContactsCsv } from './contact-csv';

const ROOT = join(__dirname, '..', '..', '..');
const sample = readFileSync(join(ROOT, 'test/fixtures/contacts/vosges-sample.csv'));
const HEADER = 'kind;name;organisation;commune_insee;email;mobile;exercise_participant;lists';

describe('the Vosges sample', () => {
  const { rows, errors, delimiter } = parseContactsCsv(sample);

  it('parses with zero errors', () => {
    expect(errors).toEqual([]);
    expect(delimiter).toBe(';');
    expect(rows).toHaveLength(54);
  });

  it('is the same file the application loads on first start', () => {
    expect(readFileSync(join(ROOT, 'templates/contacts/vosges-sample.csv')).equals(sample)).toBe(true);
  });

  it('has 30 mayors of real communes of the Vosges, with their official names', () => {
    const mayors = rows.filter((r) => r.kind === 'mayor');
    expect(mayors).toHaveLength(30);
    expect(new Set(mayors.map((m) => m.communeInsee)).size).toBe(30);
    for (const m of mayors) expect(findCommune(m.communeInsee!)).toEqual({ code: m.communeInsee, name: m.communeName, department: '88' });
    expect(parseContactsCsv(sample, { department: '88' }).errors).toEqual([]);
  });

  it.each([
    ['88160', 'Épinal'],
    ['88413', 'Saint-Dié-des-Vosges'],
    ['88196', 'Gérardmer'],
    ['88304', 'Mirecourt'],
    ['88321', 'Neufchâteau'],
  ])('names %s %s', (code, name) => {
    expect(rows.find((r) => r.kind === 'mayor' && r.communeInsee === code)?.communeName).toBe(name);
  });

  it('uses only example.org addresses and the fictional mobile range', () => {
    for (const r of rows) {
      if (r.email) expect(r.email).toMatch(/(@|\.)example\.org$/);
      if (r.mobile) expect(r.mobile).toMatch(/^\+33639980\d{3}$/);
    }
    expect(new Set(rows.filter((r) => r.mobile).map((r) => r.mobile)).size).toBe(rows.filter((r) => r.mobile).length);
  });

  it('has every kind of contact, a few exercise participants and static lists', () => {
    const count = (kind: string) => rows.filter((r) => r.kind === kind).length;
    expect([count('mp'), count('senator'), count('departmental_councillor'), count('regional_councillor')]).toEqual([4, 2, 3, 2]);
    expect(count('newsroom') + count('agency')).toBe(8);
    expect(count('internal_service')).toBe(3);
    expect(rows.filter((r) => r.exerciseParticipant).length).toBeGreaterThanOrEqual(5);
    expect(new Set(rows.flatMap((r) => r.lists))).toEqual(new Set(['bassin-moselle', 'secteur-montagne', 'presse-prioritaire', 'cellule-communication']));
    expect(rows.find((r) => r.communeInsee === '88408')?.lists).toEqual(['secteur-montagne', 'bassin-moselle']);
  });
});

describe('bad lines', () => {
  const { rows, errors } = parseContactsCsv(readFileSync(join(ROOT, 'test/fixtures/contacts/bad-lines.csv')));

  it.each([
    [3, 'kind', 'unknown kind "maire" (write mayor)'],
    [4, 'commune_insee', 'a mayor needs the INSEE code of their commune'],
    [5, 'commune_insee', '88999 is not the INSEE code of any commune'],
    [6, 'commune_insee', '88204 is Girmont, a delegated commune (commune déléguée), part of 88465 Thaon-les-Vosges'],
    [7, 'email', '"redaction@" is not a valid email address'],
    [8, 'mobile', '"03 29 69 88 88" is a landline or service number'],
    [9, 'mobile', '"06 12" is not a valid phone number'],
    [10, 'email', 'needs an email address or a mobile number; both are empty'],
    [11, 'email', 'maire.epinal@example.org is already on line 2'],
    [12, 'exercise_participant', '"peut-être" is not a yes or no'],
    [13, 'name', 'name is empty'],
    [14, null, 'this line has 9 cells but the header has 8; a value probably contains ";" without quotes'],
    [18, 'commune_insee', '"1053" has 4 digits: a spreadsheet probably dropped the leading zero; write 01053 (Bourg-en-Bresse)'],
    // Line 19 holds a cell on two lines: a spreadsheet still shows the next record as line 20.
    [20, 'email', 'one email address per line'],
  ])('line %s, column %s: %s', (line, column, why) => {
    expect(errors).toContainEqual({ line, column, why: expect.stringContaining(why) });
  });

  it('reports exactly one error per bad line here', () => {
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 18, 20]);
  });

  it('still returns the good lines, normalised', () => {
    expect(rows.map((r) => r.line)).toEqual([2, 15, 17, 19]);
    expect(rows[0]).toEqual({
      line: 2,
      kind: 'mayor',
      name: 'Sophie Marchal',
      organisation: "Mairie d'Épinal",
      communeInsee: '88160',
      communeName: 'Épinal',
      email: 'maire.epinal@example.org',
      mobile: '+33639980001',
      exerciseParticipant: true,
      lists: ['bassin-moselle'],
    });
    expect(rows[3].organisation).toBe('Mairie\nde Thaon-les-Vosges');
  });
});

describe('parseContactsCsv', () => {
  const one = (line: string, header = HEADER) => parseContactsCsv(`${header}\n${line}\n`);

  it.each([
    ['06 39 98 00 01', '+33639980001'],
    ['0639980001', '+33639980001'],
    ['+33 6 39 98 00 01', '+33639980001'],
    ['0033 6 39 98 00 01', '+33639980001'],
    ['06.39.98.00.01', '+33639980001'],
    // A spreadsheet that read the number as a number drops the 0.
    ['639980001', '+33639980001'],
    ['07 00 00 00 01', '+33700000001'],
    ['+32 470 12 34 56', '+32470123456'],
  ])('normalises the mobile %j to %s', (mobile, e164) => {
    const r = one(`mp;A;;;;${mobile};;`);
    expect(r.errors).toEqual([]);
    expect(r.rows[0].mobile).toBe(e164);
  });

  it.each([
    ['oui', true],
    ['OUI', true],
    ['true', true],
    ['non', false],
    ['false', false],
    ['', false],
  ])('reads exercise_participant %j as %s', (value, expected) => {
    expect(one(`mp;A;;;a@example.org;;${value};`).rows[0].exerciseParticipant).toBe(expected);
  });

  it.each([
    ['comma', 'kind,name,email\nmp,"Dupont, Jean",a@example.org\n', ','],
    ['semicolon', 'kind;name;email\nmp;Dupont, Jean;a@example.org\n', ';'],
    ['semicolon with commas in a quoted header cell', '"kind";"name";"email"\nmp;Dupont, Jean;a@example.org\n', ';'],
  ])('detects the %s delimiter', (_label, text, delimiter) => {
    const r = parseContactsCsv(text);
    expect(r.delimiter).toBe(delimiter);
    expect(r.errors).toEqual([]);
    expect(r.rows[0].name).toBe('Dupont, Jean');
  });

  it.each([
    ['a UTF-8 BOM in bytes', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('kind;name;email\nmp;Hélène;a@example.org\n')])],
    ['a UTF-8 BOM in a string', '\uFEFFkind;name;email\nmp;Hélène;a@example.org\n'],
    ['Windows-1252 from French Excel', Buffer.from('kind;name;email\nmp;H\xe9l\xe8ne;a@example.org\n', 'latin1')],
    ['Windows line ends', 'kind;name;email\r\nmp;Hélène;a@example.org\r\n'],
    ['UTF-16 with its byte order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind;name;email\nmp;Hélène;a@example.org\n', 'utf16le')])],
  ])('reads %s', (_label, input) => {
    const r = parseContactsCsv(input);
    expect(r.errors).toEqual([]);
    expect(r.rows[0]).toMatchObject({ line: 2, kind: 'mp', name: 'Hélène' });
  });

  it.each([
    ['an unknown column', 'kind;name;email;emial\n', 1, 'emial', 'unknown column "emial"'],
    ['a missing kind column', 'name;email\n', 1, 'kind', 'the required column kind is missing'],
    ['no email nor mobile column', 'kind;name\n', 1, 'email', 'needs an email or a mobile column'],
    ['a column twice', 'kind;name;email;email\n', 1, 'email', 'appears twice'],
    ['an empty file', '', 1, null, 'the file is empty'],
    ['a quote never closed', 'kind;name;email\n"mp";"A\nB";a@example.org\nmp;"Jean;a@example.org\nmp;B;b@example.org\n', 3, null, 'a quote (") opens a cell on this line and is never closed'],
    ['too few cells', 'kind;name;email\nmp;Jean\n', 2, null, 'this line has 2 cells but the header has 3'],
    ['a Corsican code', 'kind;name;email;commune_insee\nmayor;A;a@example.org;2A999\n', 2, 'commune_insee', '2A999 is not the INSEE code of any commune'],
    ['a former code', 'kind;name;email;commune_insee\nmayor;A;a@example.org;88422\n', 2, 'commune_insee', '88422 is a former code, now 88160 Épinal'],
    ['a code with letters', 'kind;name;email;commune_insee\nmayor;A;a@example.org;EPINAL\n', 2, 'commune_insee', '"EPINAL" is not an INSEE commune code'],
    ['a list name too long', `kind;name;email;lists\nmp;A;a@example.org;${'l'.repeat(81)}\n`, 2, 'lists', 'is 81 characters long; the limit is 80'],
  ])('reports %s', (_label, text, line, column, why) => {
    const r = parseContactsCsv(text);
    expect(r.errors).toEqual([{ line, column, why: expect.stringContaining(why) }]);
    expect(r.rows).toEqual([]);
  });

  it('refuses a commune of another department when asked to', () => {
    const r = parseContactsCsv('kind;name;email;commune_insee\nmayor;A;a@example.org;57463\n', { department: '88' });
    expect(r.errors).toEqual([{ line: 2, column: 'commune_insee', why: '57463 Metz is in department 57, not 88' }]);
  });

  it('counts blank lines as a spreadsheet does, and skips them', () => {
    const r = parseContactsCsv('kind;name;email\n\nmp;A;a@example.org\n\nmp;B;\n');
    expect(r.rows.map((x) => x.line)).toEqual([3]);
    expect(r.errors).toEqual([{ line: 5, column: 'email', why: expect.stringContaining('needs an email address or a mobile number') }]);
  });

  it('reports every problem of a line, not only the first', () => {
    const r = one('maire;;Mairie;;not-an-email;01 02;peut-être;');
    expect(r.errors.map((e) => e.column)).toEqual(['kind', 'name', 'email', 'mobile', 'exercise_participant']);
  });

  it('finds duplicate emails whatever their case', () => {
    const r = parseContactsCsv('kind;name;email\nmp;A;Jean.Dupont@Example.org\nsenator;B;jean.dupont@example.org\n');
    expect(r.errors).toEqual([{ line: 3, column: 'email', why: 'jean.dupont@example.org is already on line 2; each email address may appear once' }]);
    expect(r.rows[0].email).toBe('jean.dupont@example.org');
  });

  it('refuses the same contact twice: same kind, name, organisation and commune', () => {
    const r = parseContactsCsv(
      'kind;name;organisation;email;commune_insee\nmayor;A;Mairie;a@example.org;88160\nmayor;A;Mairie;b@example.org;88160\nmayor;A;Mairie;c@example.org;88196\nmp;B;;d@example.org;\nmp;B;;e@example.org;\nnewsroom;Rédaction;Vosges Matin;f@example.org;\nnewsroom;Rédaction;Radio;g@example.org;\n',
    );
    expect(r.errors).toEqual([
      { line: 3, column: 'name', why: 'A (mayor, Mairie, Épinal) is already on line 2; each contact may appear once' },
      { line: 6, column: 'name', why: 'B (mp) is already on line 5; each contact may appear once' },
    ]);
    expect(r.rows.map((x) => x.line)).toEqual([2, 4, 5, 7, 8]);
  });

  it('accepts trailing delimiters some exports write', () => {
    const r = parseContactsCsv('kind;name;email;\nmp;A;a@example.org;\n');
    expect(r.errors).toEqual([]);
  });
});

describe('files that are not CSV text', () => {
  it.each([
    ['an Excel workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), 'an Excel workbook (.xlsx)'],
    ['an old Excel workbook', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), 'an old Excel workbook (.xls)'],
    ['a PDF', Buffer.from('%PDF-1.7\n'), 'a PDF document'],
    ['UTF-16 without a byte order mark', Buffer.from('kind;name;email\n', 'utf16le'), 'UTF-16 text without a byte order mark'],
  ])('refuses %s in one sentence that says how to save it', (_label, bytes, what) => {
    const r = parseContactsCsv(bytes);
    expect(r.errors).toEqual([{ line: 1, column: null, why: expect.stringContaining(what) }]);
    expect(r.errors[0].why).toContain('CSV UTF-8');
    expect(r.rows).toEqual([]);
  });
});

describe('columns', () => {
  it('says which known columns the header names', () => {
    expect(parseContactsCsv('name;KIND;email;mobile\n').columns).toEqual(['kind', 'name', 'email', 'mobile']);
    expect(parseContactsCsv(sample).columns).toEqual(['kind', 'name', 'organisation', 'commune_insee', 'email', 'mobile', 'exercise_participant', 'lists']);
  });
});

describe('helpers', () => {
  it('detectDelimiter defaults to comma', () => {
    expect(detectDelimiter('kind')).toBe(',');
  });

  it.each([
    ['the header line', 'kind;name;email\nmayor,a;b;c', ';'],
    ['blank lines before the header', '\n  \r\n\nkind,name,email\nmayor;a;b', ','],
    ['a CRLF header', 'kind;name,x;email\r\nmayor,a,b,c', ';'],
    ['quoted delimiters left out', '"a;b;c",name,email\n', ','],
    ['only blank lines', '\n\r\n  \n', ','],
    ['an empty text', '', ','],
  ])('detectDelimiter reads %s', (_what, text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });

  it('decodeCsv keeps valid UTF-8 as it is', () => {
    expect(decodeCsv(Buffer.from('Épinal'))).toBe('Épinal');
  });

  it.each([
    ['88160', 'current'],
    ['88204', 'not-current'],
    ['75101', 'not-current'],
    ['88999', 'unknown'],
  ])('lookupCommune(%s) is %s', (code, status) => {
    expect(lookupCommune(code).status).toBe(status);
  });
});
