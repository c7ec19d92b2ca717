import { REDACTED, redactSecrets } from './redact';

describe('redactSecrets', () => {
  it.each([
    [{ password: 'x' }, { password: REDACTED }],
    [{ newPassword: 'x', username: 'u' }, { newPassword: REDACTED, username: 'u' }],
    [{ nested: { apiKey: 'k', api_key: 'k', accessToken: 't' } }, { nested: { apiKey: REDACTED, api_key: REDACTED, accessToken: REDACTED } }],
    [{ list: [{ clientSecret: 's' }, 3] }, { list: [{ clientSecret: REDACTED }, 3] }],
    [{ headers: { authorization: 'Bearer a', cookie: 'c' } }, { headers: { authorization: REDACTED, cookie: REDACTED } }],
    [{ bypass: 'kept', compass: 'kept' }, { bypass: 'kept', compass: 'kept' }],
    [{ pass: 'p', smtpPass: 'p', smtp_pass: 'p' }, { pass: REDACTED, smtpPass: REDACTED, smtp_pass: REDACTED }],
    ['plain', 'plain'],
    [null, null],
  ])('%j → %j', (input, expected) => {
    expect(redactSecrets(input)).toEqual(expected);
  });
});
