import { findCommune, lookupCommune, normaliseInseeCode, validateCommunes } from './commune-directory';

describe('findCommune', () => {
  it.each([
    ['88160', { code: '88160', name: 'Épinal', department: '88' }],
    ['75056', { code: '75056', name: 'Paris', department: '75' }],
    ['2A004', { code: '2A004', name: 'Ajaccio', department: '2A' }],
    ['2a004', { code: '2A004', name: 'Ajaccio', department: '2A' }],
    [' 88160 ', { code: '88160', name: 'Épinal', department: '88' }],
    ['97411', { code: '97411', name: 'Saint-Denis', department: '974' }],
    // Not current communes: a former code, a delegated commune, a municipal arrondissement.
    ['88422', undefined],
    ['01039', undefined],
    ['75101', undefined],
    ['99999', undefined],
    ['', undefined],
  ])('%j → %j', (code, expected) => {
    expect(findCommune(code)).toEqual(expected);
  });

  it('normalises codes as the INSEE writes them', () => {
    expect(normaliseInseeCode(' 2b033 ')).toBe('2B033');
  });
});

describe('validateCommunes', () => {
  it('returns the communes with their official names, in the order given', () => {
    expect(validateCommunes(['88160', '88413', '2A004'])).toEqual({
      ok: true,
      communes: [
        { code: '88160', name: 'Épinal', department: '88' },
        { code: '88413', name: 'Saint-Dié-des-Vosges', department: '88' },
        { code: '2A004', name: 'Ajaccio', department: '2A' },
      ],
    });
  });

  it.each([
    [
      'every unknown code at once, with the shape of a code',
      ['88160', '99999', '8816'],
      'unknown_codes',
      'Unknown INSEE commune code(s): 99999, 8816. A code has 5 characters, e.g. 88160 for Épinal.',
      ['99999', '8816'],
      [],
    ],
    [
      'an unknown well-shaped code: check the official list',
      ['99999'],
      'unknown_codes',
      'Unknown INSEE commune code(s): 99999. Check each code on the official list of communes: it is the INSEE code, not the postal code.',
      ['99999'],
      [],
    ],
    [
      'a postal code: the communes it covers, largest first',
      ['88000'],
      'unknown_codes',
      'Unknown INSEE commune code(s): 88000. 88000 is a postal code, not an INSEE code: 88160 for Épinal, ',
      ['88000'],
      [],
    ],
    ['a former code: the current one', ['88422'], 'unknown_codes', 'Unknown INSEE commune code(s): 88422. 88422 is a former code of Épinal: use 88160.', ['88422'], []],
    ['a delegated commune: its new commune', ['01039'], 'unknown_codes', '01039 is the code of Béon, no longer a commune: use 01138 (Culoz-Béon).', ['01039'], []],
    ['a municipal arrondissement: the city', ['75101'], 'unknown_codes', '75101 is the code of Paris 1er Arrondissement, no longer a commune: use 75056 (Paris).', ['75101'], []],
    [
      'a code that is both a Paris postal code and a pre-1968 code: both said, the postal code first',
      ['75001'],
      'unknown_codes',
      'Unknown INSEE commune code(s): 75001. 75001 is a postal code, not an INSEE code: 75056 for Paris. It is also a former code of Alfortville: use 94002.',
      ['75001'],
      [],
    ],
    ['duplicates, also when written differently', ['88160', '2A004', ' 88160', '2a004'], 'duplicate_codes', 'Listed more than once: 88160, 2A004. List each commune once.', [], ['88160', '2A004']],
    [
      'unknown codes and duplicates in one message',
      ['88160', '88160', '1234'],
      'unknown_codes',
      'Unknown INSEE commune code(s): 1234. A code has 5 characters, e.g. 88160 for Épinal. Listed more than once: 88160.',
      ['1234'],
      ['88160'],
    ],
    ['an empty code is shown, not left blank', [''], 'unknown_codes', 'Unknown INSEE commune code(s): (empty).', [''], []],
    ['an empty list', [], 'empty_list', 'List at least one affected commune by its INSEE code, e.g. 88160 for Épinal.', [], []],
  ])('%s', (_why, codes, code, message, unknownCodes, duplicateCodes) => {
    const result = validateCommunes(codes);
    expect(result).toMatchObject({ ok: false, code, unknownCodes, duplicateCodes });
    if (result.ok) throw new Error('expected a refusal');
    expect(result.message).toContain(message);
  });

  it('loads the list once', () => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) validateCommunes(['88160', '75056']);
    // 1,000 validations after the first load must not re-read 8.6 MB each time.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(500);
  });
});

describe('lookupCommune', () => {
  it.each([
    ['88160', 'current', undefined],
    [' 2a004 ', 'current', undefined],
    ['88204', 'not-current', '88204 is Girmont, a delegated commune (commune déléguée), part of 88465 Thaon-les-Vosges; use the code of the current commune'],
    ['75101', 'not-current', '75101 is Paris 1er Arrondissement, a municipal district (arrondissement municipal), part of 75056 Paris'],
    ['88422', 'not-current', '88422 is a former code, now 88160 Épinal; use the current code'],
    ['88999', 'unknown', undefined],
    ['88000', 'unknown', '88000 is a postal code, not an INSEE code: 88160 for Épinal'],
  ])('%j is %s', (code, status, why) => {
    const r = lookupCommune(code);
    expect(r.status).toBe(status);
    if (why) expect(r).toMatchObject(status === 'unknown' ? { hint: expect.stringContaining(why) } : { why: expect.stringContaining(why) });
  });

  it('names the current commune a former code belongs to', () => {
    expect(lookupCommune('88422')).toMatchObject({ now: { code: '88160', name: 'Épinal', department: '88' } });
  });
});
