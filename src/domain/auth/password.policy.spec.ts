import { checkPassword } from './password.policy';

const COMMON = new Set(['123qweasdzxc', 'qwerty123456', 'motdepasse123']);

describe('checkPassword', () => {
  it.each([
    ['a long passphrase', 'crue moselle vologne 88', 'claire', true, undefined],
    ['too short', 'court-11chr', 'claire', false, 'password_too_short'],
    ['on the common list', 'QWERTY123456', 'claire', false, 'password_common'],
    ['the user name itself', 'Claire-Martin', 'claire-martin', false, 'password_common'],
    ['one character repeated', 'aaaaaaaaaaaaaa', 'claire', false, 'password_repetitive'],
    ['two characters repeated', 'abababababab', 'claire', false, 'password_repetitive'],
    ['twelve characters counted as characters, not UTF-16 units', 'éèàçùâêîôûëï', 'claire', true, undefined],
  ])('%s', (_name, password, username, ok, code) => {
    const v = checkPassword(password, username, COMMON);
    expect(v.ok).toBe(ok);
    if (!v.ok) expect(v.code).toBe(code);
  });
});
