import { ConfigError, loadConfig } from './app-config';

const smtp = { SMTP_URL: 'smtp://relay:p%40ss-secret@smtp.vosges.example.org:2525', SMTP_FROM: 'Préfecture des Vosges <alerte@vosges.gouv.fr>' };
const sms = {
  SMS_GATEWAY_URL: 'https://eu.api.ovh.com/1.0/',
  SMS_SERVICE_NAME: 'sms-ab12345-1',
  SMS_APP_KEY: 'ak-secret',
  SMS_APP_SECRET: 'as-secret',
  SMS_CONSUMER_KEY: 'ck-secret',
  SMS_SENDER: 'PREF88',
};
const xApp = { X_APP_KEY: 'xk-secret', X_APP_SECRET: 'xs-secret' };
const xReal = { X_ACCESS_TOKEN: 'xt-secret', X_ACCESS_SECRET: 'xa-secret', X_USER_ID: '1001' };
const xDrill = { X_EXERCISE_ACCESS_TOKEN: 'xet-secret', X_EXERCISE_ACCESS_SECRET: 'xea-secret', X_EXERCISE_USER_ID: '2002' };

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('channel configuration', () => {
  it('runs every channel in sandbox mode when nothing is set, with the documented defaults', () => {
    expect(loadConfig({}).channels).toEqual({ timeoutMs: 15_000, checkIntervalMs: 15 * 60_000, fallback: { primaryAttempts: 3, holdMs: 60_000 }, receipts: {} });
  });

  it('reads a second SMTP relay and a second SMS gateway, with the primary sender', () => {
    const c = loadConfig({
      ...smtp,
      SMTP_SECONDARY_URL: 'smtp://secours:p2-secret@relais2.example.org:2525',
      ...sms,
      SMS_SECONDARY_GATEWAY_URL: 'https://sms2.example.org/1.0/',
      SMS_SECONDARY_SERVICE_NAME: 'sms-secours-1',
      SMS_SECONDARY_APP_KEY: 'ak2-secret',
      SMS_SECONDARY_APP_SECRET: 'as2-secret',
      SMS_SECONDARY_CONSUMER_KEY: 'ck2-secret',
      PROVIDER_FALLBACK_PRIMARY_ATTEMPTS: '2',
      PROVIDER_FALLBACK_HOLD_SECONDS: '0',
    }).channels;
    expect(c.emailSecondary).toEqual(expect.objectContaining({ host: 'relais2.example.org', port: 2525, auth: { user: 'secours', pass: 'p2-secret' }, from: c.email!.from }));
    expect(c.smsSecondary).toEqual({
      baseUrl: 'https://sms2.example.org/1.0',
      serviceName: 'sms-secours-1',
      appKey: 'ak2-secret',
      appSecret: 'as2-secret',
      consumerKey: 'ck2-secret',
      sender: c.sms!.sender,
    });
    expect(c.fallback).toEqual({ primaryAttempts: 2, holdMs: 0 });
  });

  it.each([
    ['a second relay without a first', { SMTP_SECONDARY_URL: 'smtp://relais2.example.org' }, 'Invalid environment variable SMTP_URL: required when SMTP_SECONDARY_URL is set'],
    [
      'a half-configured second gateway',
      { ...sms, SMS_SECONDARY_GATEWAY_URL: 'https://sms2.example.org/1.0' },
      'Invalid environment variable SMS_SECONDARY_SERVICE_NAME: required when SMS_SECONDARY_GATEWAY_URL is set',
    ],
    ['a receipt secret too short to be one', { SMS_RECEIPT_SECRET: 'court' }, 'Invalid environment variable SMS_RECEIPT_SECRET: expected at least 16 characters'],
  ])('refuses %s with one line naming the variable', (_why, env, message) => {
    expect(refusal(env as Record<string, string>)).toContain(message);
  });

  it.each([
    ['0', 0],
    ['15', 15 * 60_000],
    ['0.05', 3000],
    ['1440', 1440 * 60_000],
  ])('reads CHANNEL_CHECK_MINUTES=%s as a period of %d ms (0 = no credential check)', (value, ms) => {
    expect(loadConfig({ CHANNEL_CHECK_MINUTES: value }).channels.checkIntervalMs).toBe(ms);
  });

  it('takes the SMTP URL apart so that the password sits under a redacted key', () => {
    expect(loadConfig(smtp).channels.email).toEqual({
      host: 'smtp.vosges.example.org',
      port: 2525,
      secure: false,
      auth: { user: 'relay', pass: 'p@ss-secret' },
      from: smtp.SMTP_FROM,
      poolConnections: 5,
    });
    expect(loadConfig({ ...smtp, SMTP_URL: 'smtps://smtp.example.org', SMTP_POOL_CONNECTIONS: '8' }).channels.email).toEqual(
      expect.objectContaining({ port: 465, secure: true, auth: undefined, poolConnections: 8 }),
    );
  });

  it('reads SMS, X with its exercise account, Facebook and the webhook', () => {
    const c = loadConfig({
      ...sms,
      ...xApp,
      ...xReal,
      ...xDrill,
      FACEBOOK_EXERCISE_PAGE_ID: '5550002',
      FACEBOOK_EXERCISE_PAGE_TOKEN: 'fbe-secret',
      WEBHOOK_URL: 'https://sig.example.org/hook',
      WEBHOOK_SECRET: 'webhook-secret-0123456789',
      CHANNEL_TIMEOUT_SECONDS: '3',
    }).channels;
    expect(c.timeoutMs).toBe(3000);
    expect(c.sms).toEqual(expect.objectContaining({ baseUrl: 'https://eu.api.ovh.com/1.0', serviceName: 'sms-ab12345-1', sender: 'PREF88' }));
    expect(c.x).toEqual({ baseUrl: 'https://api.x.com', appKey: 'xk-secret', appSecret: 'xs-secret', accessToken: 'xt-secret', accessSecret: 'xa-secret', userId: '1001' });
    expect(c.xExercise).toEqual(expect.objectContaining({ accessToken: 'xet-secret', userId: '2002', appKey: 'xk-secret' }));
    expect(c.facebook).toBeUndefined();
    expect(c.facebookExercise).toEqual({ graphUrl: 'https://graph.facebook.com/v21.0', pageId: '5550002', pageToken: 'fbe-secret' });
    expect(c.webhook).toEqual({ url: 'https://sig.example.org/hook', secret: 'webhook-secret-0123456789' });
  });

  it('accepts an exercise X account alone (a training instance)', () => {
    const c = loadConfig({ ...xApp, ...xDrill }).channels;
    expect(c.x).toBeUndefined();
    expect(c.xExercise).toBeDefined();
  });

  it.each([
    ['SMTP_URL without SMTP_FROM', { SMTP_URL: smtp.SMTP_URL }, 'Invalid environment variable SMTP_FROM: required when SMTP_URL is set'],
    ['SMTP_FROM without SMTP_URL', { SMTP_FROM: smtp.SMTP_FROM }, 'Invalid environment variable SMTP_URL: required when SMTP_FROM is set'],
    ['SMS without its consumer key', { ...sms, SMS_CONSUMER_KEY: '' }, 'Invalid environment variable SMS_CONSUMER_KEY: required when'],
    ['SMS gateway alone', { SMS_GATEWAY_URL: sms.SMS_GATEWAY_URL }, 'Invalid environment variable SMS_SERVICE_NAME: required when SMS_GATEWAY_URL is set'],
    ['X account without the app key', xReal, 'Invalid environment variable X_APP_KEY: required when X_ACCESS_TOKEN, X_ACCESS_SECRET, X_USER_ID are set'],
    ['X account without its user id', { ...xApp, ...xReal, X_USER_ID: '' }, 'Invalid environment variable X_USER_ID: required when X_ACCESS_TOKEN, X_ACCESS_SECRET are set'],
    ['X exercise account half set', { ...xApp, ...xReal, X_EXERCISE_ACCESS_TOKEN: 'x' }, 'Invalid environment variable X_EXERCISE_ACCESS_SECRET: required when X_EXERCISE_ACCESS_TOKEN is set'],
    ['X app key alone', xApp, 'Invalid environment variable X_ACCESS_TOKEN: required when X_APP_KEY or X_APP_SECRET is set'],
    ['Facebook page id alone', { FACEBOOK_PAGE_ID: '5550001' }, 'Invalid environment variable FACEBOOK_PAGE_TOKEN: required when FACEBOOK_PAGE_ID is set'],
    ['Facebook exercise token alone', { FACEBOOK_EXERCISE_PAGE_TOKEN: 'secret-token' }, 'Invalid environment variable FACEBOOK_EXERCISE_PAGE_ID: required'],
    ['webhook without its secret', { WEBHOOK_URL: 'https://sig.example.org/hook' }, 'Invalid environment variable WEBHOOK_SECRET: required when WEBHOOK_URL is set'],
    ['Instagram account id alone', { INSTAGRAM_USER_ID: '17841400000000001' }, 'Invalid environment variable INSTAGRAM_ACCESS_TOKEN: required when INSTAGRAM_USER_ID is set'],
    ['Instagram exercise token alone', { INSTAGRAM_EXERCISE_ACCESS_TOKEN: 'secret-token' }, 'Invalid environment variable INSTAGRAM_EXERCISE_USER_ID: required'],
    ['Mastodon instance without its token', { MASTODON_URL: 'https://social.example.org' }, 'Invalid environment variable MASTODON_ACCESS_TOKEN: required when MASTODON_URL is set'],
    ['Mastodon exercise token alone', { MASTODON_EXERCISE_ACCESS_TOKEN: 'secret-token' }, 'Invalid environment variable MASTODON_EXERCISE_URL: required'],
    ['Bluesky handle without its app password', { BLUESKY_HANDLE: 'prefet88.bsky.social' }, 'Invalid environment variable BLUESKY_APP_PASSWORD: required when BLUESKY_HANDLE is set'],
    ['Bluesky exercise app password alone', { BLUESKY_EXERCISE_APP_PASSWORD: 'app-secret-pass' }, 'Invalid environment variable BLUESKY_EXERCISE_HANDLE: required'],
  ])('stops on a half-configured channel (%s) with one line naming what is missing', (_why, env, expected) => {
    const message = refusal(env as Record<string, string>);
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
    // Every secret value in these fixtures is lower case "...-secret" or "secret-token"; variable names are upper case.
    expect(message).not.toMatch(/-secret|secret-token/);
  });

  it.each([
    [{ ...smtp, SMTP_URL: 'http://smtp.example.org' }, 'Invalid environment variable SMTP_URL: expected smtp://[user:password@]host[:port] or smtps://'],
    [{ ...smtp, SMTP_URL: 'smtp://user:secret-pass@' }, 'Invalid environment variable SMTP_URL: expected smtp://'],
    [{ ...smtp, SMTP_FROM: 'alerte' }, 'Invalid environment variable SMTP_FROM: expected a sender address'],
    [{ SMTP_POOL_CONNECTIONS: '0' }, 'Invalid environment variable SMTP_POOL_CONNECTIONS: expected a whole number between 1 and 50'],
    [{ ...sms, SMS_GATEWAY_URL: 'eu.api.ovh.com' }, 'Invalid environment variable SMS_GATEWAY_URL: expected an http(s) URL'],
    [{ ...sms, SMS_SENDER: 'PREFECTURE-DES-VOSGES' }, 'Invalid environment variable SMS_SENDER: expected a sender name of at most 11'],
    [{ X_API_BASE_URL: 'ftp://x' }, 'Invalid environment variable X_API_BASE_URL: expected an http(s) URL'],
    [{ ...xApp, ...xReal, X_USER_ID: '@prefet88' }, 'Invalid environment variable X_USER_ID: expected the numeric id of the X account'],
    [{ FACEBOOK_PAGE_ID: 'prefet88', FACEBOOK_PAGE_TOKEN: 't' }, 'Invalid environment variable FACEBOOK_PAGE_ID: expected the numeric id of the Facebook page'],
    [{ INSTAGRAM_USER_ID: '@prefet88', INSTAGRAM_ACCESS_TOKEN: 't' }, 'Invalid environment variable INSTAGRAM_USER_ID: expected the numeric id of the Instagram professional account'],
    [{ MASTODON_URL: 'social.example.org', MASTODON_ACCESS_TOKEN: 't' }, 'Invalid environment variable MASTODON_URL: expected an http(s) URL'],
    [{ BLUESKY_HANDLE: '@prefet88', BLUESKY_APP_PASSWORD: 't' }, 'Invalid environment variable BLUESKY_HANDLE: expected a handle such as prefet88.bsky.social, or a DID'],
    [{ BLUESKY_SERVICE_URL: 'bsky.social' }, 'Invalid environment variable BLUESKY_SERVICE_URL: expected an http(s) URL'],
    [{ WEBHOOK_URL: 'https://sig.example.org/hook', WEBHOOK_SECRET: 'short' }, 'Invalid environment variable WEBHOOK_SECRET: expected at least 16 characters'],
    [{ CHANNEL_TIMEOUT_SECONDS: '0' }, 'Invalid environment variable CHANNEL_TIMEOUT_SECONDS: expected a whole number between 1 and 300'],
    [{ CHANNEL_CHECK_MINUTES: '-5' }, 'Invalid environment variable CHANNEL_CHECK_MINUTES: expected 0 (no credential check) or a number of minutes between 0.05 and 1440'],
    [{ CHANNEL_CHECK_MINUTES: '0.01' }, 'Invalid environment variable CHANNEL_CHECK_MINUTES: expected 0 (no credential check) or a number of minutes between 0.05 and 1440'],
    [{ CHANNEL_CHECK_MINUTES: '2000' }, 'Invalid environment variable CHANNEL_CHECK_MINUTES: expected 0 (no credential check) or a number of minutes between 0.05 and 1440'],
    [{ CHANNEL_CHECK_MINUTES: '15min' }, 'Invalid environment variable CHANNEL_CHECK_MINUTES: expected 0 (no credential check) or a number of minutes between 0.05 and 1440'],
  ])('refuses %j with a readable line that does not echo the value', (env, expected) => {
    const message = refusal(env as Record<string, string>);
    expect(message).toContain(expected);
    expect(message).not.toContain('secret-pass');
    expect(message).not.toContain('\n');
  });
});
