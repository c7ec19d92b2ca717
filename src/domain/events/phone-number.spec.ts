import { validateNationalInformationNumber } from './phone-number';

describe('validateNationalInformationNumber: accepted', () => {
  it.each([
    // input, e164, display
    ['0 800 130 000', '+33800130000', '0 800 13 00 00'],
    ['0800130000', '+33800130000', '0 800 13 00 00'],
    ['+33800130000', '+33800130000', '0 800 13 00 00'],
    ['+33 8 00 13 00 00', '+33800130000', '0 800 13 00 00'],
    ['0033 800 130 000', '+33800130000', '0 800 13 00 00'],
    ['  01.44.55.66.77  ', '+33144556677', '01 44 55 66 77'],
    ['+33 (0)1 44 55 66 77', '+33144556677', '01 44 55 66 77'],
    ['03-29-82-50-00', '+33329825000', '03 29 82 50 00'],
    ['06 12 34 56 78', '+33612345678', '06 12 34 56 78'],
    // Overseas prefectures: national format, valid under their own region, not under FR.
    ['0262 40 75 75', '+262262407575', '0262 40 75 75'],
    ['+590 590 99 39 39', '+590590993939', '0590 99 39 39'],
  ])('%s → %s (%s)', (input, e164, display) => {
    expect(validateNationalInformationNumber(input)).toMatchObject({ ok: true, e164, display });
  });

  it('gives the international form too', () => {
    expect(validateNationalInformationNumber('0 800 130 000')).toEqual({
      ok: true,
      e164: '+33800130000',
      display: '0 800 13 00 00',
      international: '+33 800 13 00 00',
    });
  });
});

describe('validateNationalInformationNumber: refused', () => {
  it.each([
    ['', 'empty', 'Enter the national information number (NNIP) to publish, e.g. 0 800 130 000'],
    ['   ', 'empty', 'Enter the national information number'],
    [null, 'empty', 'Enter the national information number'],
    ['12345', 'invalid', '"12345" is not a valid French phone number.'],
    ['0 800 130 00', 'invalid', 'is not a valid French phone number'],
    ['08 00 13 00 00 0', 'invalid', 'is not a valid French phone number'],
    ['3919', 'invalid', '"3919" is not a valid French phone number.'],
    ['call us', 'invalid', 'is not a valid French phone number'],
    ['0'.repeat(200), 'invalid', 'This is not a phone number.'],
    ['+44 20 7946 0958', 'not_french', '"+44 20 7946 0958" is a number of another country (+44). The national information number must be a French number'],
    ['+1 202 456 1111', 'not_french', 'another country (+1)'],
    ['08 92 68 02 45', 'premium_rate', 'is a premium-rate number: the public must not pay to reach the information cell.'],
  ])('%j → %s', (input, code, message) => {
    const result = validateNationalInformationNumber(input);
    expect(result).toMatchObject({ ok: false, code });
    if (result.ok) throw new Error('expected a refusal');
    expect(result.message).toContain(message);
  });
});
