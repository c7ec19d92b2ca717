import { parse } from 'csv-parse/sync';
import { csvField, neutraliseFormula, writeCsv } from './csv-writer';

describe('CSV writer (RFC 4180, formula cells neutralised)', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    [null, ''],
    [undefined, ''],
    [42, '42'],
    [-3.5, '-3.5'],
    [Number.NaN, ''],
    ['a;b', '"a;b"'],
    ['a,b', '"a,b"'],
    ['dit "oui"', '"dit ""oui"""'],
    ['ligne 1\nligne 2', '"ligne 1\nligne 2"'],
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ['+33612345678', "'+33612345678"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', '"\'\rcmd"'],
    ['Événement créé', 'Événement créé'],
    ['a=b', 'a=b'],
  ])('%j → %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('neutralises exactly the leading characters a spreadsheet runs', () => {
    for (const c of ['=', '+', '-', '@', '\t', '\r']) expect(neutraliseFormula(`${c}x`)).toBe(`'${c}x`);
    for (const c of ['a', ' ', "'", '1', '#']) expect(neutraliseFormula(`${c}x`)).toBe(`${c}x`);
  });

  it('writes CRLF records with a BOM, and csv-parse reads back the same cells (neutralised ones with their prefix)', () => {
    const rows = [
      ['seq', 'texte'],
      ['1', 'Crue à Épinal; "rouge"\nsuite'],
      ['2', '=1+1'],
    ];
    const text = writeCsv(rows);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toEqual(['\uFEFFseq;texte', '1;"Crue à Épinal; ""rouge""\nsuite"', "2;'=1+1", '']); // the LF inside a quoted field is not a record break
    expect(parse(text, { bom: true, delimiter: ';' })).toEqual([rows[0], rows[1], ['2', "'=1+1"]]);
    expect(writeCsv([['a']], { bom: false, delimiter: ',' })).toBe('a\r\n');
  });
});
