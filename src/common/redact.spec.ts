import { REDACTED, redactSecrets } from './redact';

describe('redactSecrets', () => {
  it.each([
    [{ password: 'x' }, { password: REDACTED }],
    [
      { newPassword: 'x', username: 'u' },
      { newPassword: REDACTED, username: 'u' },
    ],
    [{ nested: { apiKey: 'k', api_key: 'k', accessToken: 't' } }, { nested: { apiKey: REDACTED, api_key: REDACTED, accessToken: REDACTED } }],
    [{ list: [{ clientSecret: 's' }, 3] }, { list: [{ clientSecret: REDACTED }, 3] }],
    [{ headers: { authorization: 'Bearer a', cookie: 'c' } }, { headers: { authorization: REDACTED, cookie: REDACTED } }],
    [
      { bypass: 'kept', compass: 'kept' },
      { bypass: 'kept', compass: 'kept' },
    ],
    [
      { pass: 'p', smtpPass: 'p', smtp_pass: 'p' },
      { pass: REDACTED, smtpPass: REDACTED, smtp_pass: REDACTED },
    ],
    // The channel credentials, as config members and as environment names.
    [
      { appKey: 'k', appSecret: 's', consumerKey: 'c', accessSecret: 'a', pageToken: 't', auth: { user: 'u', pass: 'p' } },
      { appKey: REDACTED, appSecret: REDACTED, consumerKey: REDACTED, accessSecret: REDACTED, pageToken: REDACTED, auth: { user: 'u', pass: REDACTED } },
    ],
    [
      { SMS_APP_KEY: 'k', SMS_CONSUMER_KEY: 'c', X_ACCESS_TOKEN: 't', WEBHOOK_SECRET: 's', SMS_SERVICE_NAME: 'kept' },
      { SMS_APP_KEY: REDACTED, SMS_CONSUMER_KEY: REDACTED, X_ACCESS_TOKEN: REDACTED, WEBHOOK_SECRET: REDACTED, SMS_SERVICE_NAME: 'kept' },
    ],
    [{ headers: { 'X-Ovh-Signature': '$1$abc', 'X-Crisis-Signature': 'sha256=abc' } }, { headers: { 'X-Ovh-Signature': REDACTED, 'X-Crisis-Signature': REDACTED } }],
    ['plain', 'plain'],
    [null, null],
  ])('%j → %j', (input, expected) => {
    expect(redactSecrets(input)).toEqual(expected);
  });
});
