import { z } from 'zod';
import { int } from './env-values';

/**
 * The channel variables. A channel whose variables are all absent runs in
 * sandbox mode; one that is half configured stops the boot, because a
 * prefecture that believes its SMS gateway is live and finds on the day of a
 * flood that it was sandboxed has lost the hour that C2 promises.
 */
const httpUrl = (example: string) => z.url({ protocol: /^https?$/, message: `expected an http(s) URL such as ${example}` });

const secret = z.string().min(1);
const CHECK_MINUTES_MESSAGE = 'expected 0 (no credential check) or a number of minutes between 0.05 and 1440, such as 15';
const numericId = (what: string) => z.string().regex(/^\d+$/, { message: `expected the numeric id of the ${what}` });

function isSmtpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    decodeURIComponent(u.username + u.password);
    return (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname !== '' && (u.pathname === '' || u.pathname === '/');
  } catch {
    return false;
  }
}

const smtpUrl = z.string().refine(isSmtpUrl, { message: 'expected smtp://[user:password@]host[:port] or smtps://[user:password@]host[:port]' });
const smsServiceName = z.string().regex(/^[A-Za-z0-9._-]+$/, { message: 'expected the SMS account name such as sms-ab12345-1' });

export const channelEnvShape = {
  SMTP_URL: smtpUrl.optional(),
  SMTP_FROM: z
    .string()
    .regex(/^([^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, { message: 'expected a sender address such as "Préfecture des Vosges <alerte@vosges.gouv.fr>"' })
    .optional(),
  SMTP_POOL_CONNECTIONS: int(1, 50).default(5),
  /** A second relay, used when the first fails on its side (down, 5xx, 421 past its retries); never for a refused recipient. */
  SMTP_SECONDARY_URL: smtpUrl.optional(),
  SMS_GATEWAY_URL: httpUrl('https://eu.api.ovh.com/1.0').optional(),
  SMS_SERVICE_NAME: smsServiceName.optional(),
  SMS_APP_KEY: secret.optional(),
  SMS_APP_SECRET: secret.optional(),
  SMS_CONSUMER_KEY: secret.optional(),
  SMS_SENDER: z
    .string()
    .regex(/^((?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}|\+?\d{3,15})$/, { message: 'expected a sender name of at most 11 letters and digits, or a phone number' })
    .optional(),
  SMS_SECONDARY_GATEWAY_URL: httpUrl('https://api.second-gateway.example/1.0').optional(),
  SMS_SECONDARY_SERVICE_NAME: smsServiceName.optional(),
  SMS_SECONDARY_APP_KEY: secret.optional(),
  SMS_SECONDARY_APP_SECRET: secret.optional(),
  SMS_SECONDARY_CONSUMER_KEY: secret.optional(),
  /** Attempts on the primary before a passing refusal (SMTP 421, HTTP 429) goes to the secondary. */
  PROVIDER_FALLBACK_PRIMARY_ATTEMPTS: int(1, 20).default(3),
  /** After a fallback, sends skip the failed primary for this long (0 = try it first every time). */
  PROVIDER_FALLBACK_HOLD_SECONDS: int(0, 3600).default(60),
  X_API_BASE_URL: httpUrl('https://api.x.com').default('https://api.x.com'),
  X_APP_KEY: secret.optional(),
  X_APP_SECRET: secret.optional(),
  X_ACCESS_TOKEN: secret.optional(),
  X_ACCESS_SECRET: secret.optional(),
  X_USER_ID: numericId('X account').optional(),
  X_EXERCISE_ACCESS_TOKEN: secret.optional(),
  X_EXERCISE_ACCESS_SECRET: secret.optional(),
  X_EXERCISE_USER_ID: numericId('X exercise account').optional(),
  FACEBOOK_GRAPH_URL: httpUrl('https://graph.facebook.com/v21.0').default('https://graph.facebook.com/v21.0'),
  FACEBOOK_PAGE_ID: numericId('Facebook page').optional(),
  FACEBOOK_PAGE_TOKEN: secret.optional(),
  FACEBOOK_EXERCISE_PAGE_ID: numericId('Facebook exercise page').optional(),
  FACEBOOK_EXERCISE_PAGE_TOKEN: secret.optional(),
  INSTAGRAM_GRAPH_URL: httpUrl('https://graph.facebook.com/v21.0').default('https://graph.facebook.com/v21.0'),
  INSTAGRAM_USER_ID: numericId('Instagram professional account').optional(),
  INSTAGRAM_ACCESS_TOKEN: secret.optional(),
  INSTAGRAM_EXERCISE_USER_ID: numericId('Instagram exercise account').optional(),
  INSTAGRAM_EXERCISE_ACCESS_TOKEN: secret.optional(),
  MASTODON_URL: httpUrl('https://social.numerique.gouv.fr').optional(),
  MASTODON_ACCESS_TOKEN: secret.optional(),
  MASTODON_EXERCISE_URL: httpUrl('https://social.numerique.gouv.fr').optional(),
  MASTODON_EXERCISE_ACCESS_TOKEN: secret.optional(),
  BLUESKY_SERVICE_URL: httpUrl('https://bsky.social').default('https://bsky.social'),
  BLUESKY_HANDLE: z
    .string()
    .regex(/^([a-zA-Z0-9-]+\.)+[a-zA-Z]{2,}$|^did:[a-z]+:[a-zA-Z0-9._:%-]+$/, { message: 'expected a handle such as prefet88.bsky.social, or a DID' })
    .optional(),
  BLUESKY_APP_PASSWORD: secret.optional(),
  BLUESKY_EXERCISE_HANDLE: z
    .string()
    .regex(/^([a-zA-Z0-9-]+\.)+[a-zA-Z]{2,}$|^did:[a-z]+:[a-zA-Z0-9._:%-]+$/, { message: 'expected a handle such as exercice-pref88.bsky.social, or a DID' })
    .optional(),
  BLUESKY_EXERCISE_APP_PASSWORD: secret.optional(),
  WEBHOOK_URL: httpUrl('https://sig.vosges.fr/hooks/crise').optional(),
  WEBHOOK_SECRET: z.string().min(16, { message: 'expected at least 16 characters' }).optional(),
  /** Shared with the SMS gateway: its delivery reports are signed with it (HMAC-SHA256 of the body). */
  SMS_RECEIPT_SECRET: z.string().min(16, { message: 'expected at least 16 characters' }).optional(),
  /** Shared with the email relay: the bounces (DSN) it forwards are signed with it (HMAC-SHA256 of the body). */
  EMAIL_BOUNCE_SECRET: z.string().min(16, { message: 'expected at least 16 characters' }).optional(),
  CHANNEL_TIMEOUT_SECONDS: int(1, 300).default(15),
  /** Minutes between two credential checks of every live channel; 0 = off. Decimals allowed (0.05 = 3 s, for tests). */
  CHANNEL_CHECK_MINUTES: z
    .string()
    .regex(/^\d+(\.\d+)?$/, { message: CHECK_MINUTES_MESSAGE })
    .transform(Number)
    .refine((v) => v === 0 || (v >= 0.05 && v <= 1440), { message: CHECK_MINUTES_MESSAGE })
    .default(15),
};

type ChannelEnv = z.infer<z.ZodObject<typeof channelEnvShape>>;

export interface XAccountConfig {
  baseUrl: string;
  appKey: string;
  appSecret: string;
  accessToken: string;
  accessSecret: string;
  userId: string;
}

export interface FacebookPageConfig {
  graphUrl: string;
  pageId: string;
  pageToken: string;
}

/** An Instagram professional account, published to through the Graph API's content publishing. */
export interface InstagramAccountConfig {
  graphUrl: string;
  userId: string;
  accessToken: string;
}

export interface MastodonAccountConfig {
  baseUrl: string;
  accessToken: string;
}

/** A Bluesky account: its PDS (or the entryway) and an app password, never the account's main password. */
export interface BlueskyAccountConfig {
  serviceUrl: string;
  identifier: string;
  appPassword: string;
}

export interface EmailRelayConfig {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
  from: string;
  poolConnections: number;
}

export interface SmsGatewayConfig {
  baseUrl: string;
  serviceName: string;
  appKey: string;
  appSecret: string;
  consumerKey: string;
  sender: string;
}

/** Absent entries are channels (or exercise accounts) in sandbox mode. */
export interface ChannelsConfig {
  timeoutMs: number;
  /** Period of the credential check of every live channel (CHANNEL_CHECK_MINUTES); 0 = off. */
  checkIntervalMs: number;
  /** The SMTP URL taken apart, so that the password sits under a key the redactor knows. */
  email?: EmailRelayConfig;
  /** The second relay (SMTP_SECONDARY_URL), same sender and pool size. */
  emailSecondary?: EmailRelayConfig;
  sms?: SmsGatewayConfig;
  /** The second gateway (SMS_SECONDARY_*), same sender. */
  smsSecondary?: SmsGatewayConfig;
  fallback: { primaryAttempts: number; holdMs: number };
  /** Secrets that authenticate the providers' callbacks; absent = the callback is refused (503). */
  receipts: { smsSecret?: string; emailBounceSecret?: string };
  x?: XAccountConfig;
  xExercise?: XAccountConfig;
  facebook?: FacebookPageConfig;
  facebookExercise?: FacebookPageConfig;
  instagram?: InstagramAccountConfig;
  instagramExercise?: InstagramAccountConfig;
  mastodon?: MastodonAccountConfig;
  mastodonExercise?: MastodonAccountConfig;
  bluesky?: BlueskyAccountConfig;
  blueskyExercise?: BlueskyAccountConfig;
  webhook?: { url: string; secret: string };
}

type Key = keyof ChannelEnv;

/** Each group is all-or-nothing; `needs` must also be set when any of the group is. */
const GROUPS: { channel: string; keys: Key[]; needs?: Key[] }[] = [
  { channel: 'email', keys: ['SMTP_URL', 'SMTP_FROM'] },
  { channel: 'SMS', keys: ['SMS_GATEWAY_URL', 'SMS_SERVICE_NAME', 'SMS_APP_KEY', 'SMS_APP_SECRET', 'SMS_CONSUMER_KEY', 'SMS_SENDER'] },
  { channel: 'second email relay', keys: ['SMTP_SECONDARY_URL'], needs: ['SMTP_URL', 'SMTP_FROM'] },
  {
    channel: 'second SMS gateway',
    keys: ['SMS_SECONDARY_GATEWAY_URL', 'SMS_SECONDARY_SERVICE_NAME', 'SMS_SECONDARY_APP_KEY', 'SMS_SECONDARY_APP_SECRET', 'SMS_SECONDARY_CONSUMER_KEY'],
    needs: ['SMS_GATEWAY_URL', 'SMS_SENDER'],
  },
  { channel: 'X', keys: ['X_ACCESS_TOKEN', 'X_ACCESS_SECRET', 'X_USER_ID'], needs: ['X_APP_KEY', 'X_APP_SECRET'] },
  { channel: 'X exercise account', keys: ['X_EXERCISE_ACCESS_TOKEN', 'X_EXERCISE_ACCESS_SECRET', 'X_EXERCISE_USER_ID'], needs: ['X_APP_KEY', 'X_APP_SECRET'] },
  { channel: 'Facebook', keys: ['FACEBOOK_PAGE_ID', 'FACEBOOK_PAGE_TOKEN'] },
  { channel: 'Facebook exercise page', keys: ['FACEBOOK_EXERCISE_PAGE_ID', 'FACEBOOK_EXERCISE_PAGE_TOKEN'] },
  { channel: 'Instagram', keys: ['INSTAGRAM_USER_ID', 'INSTAGRAM_ACCESS_TOKEN'] },
  { channel: 'Instagram exercise account', keys: ['INSTAGRAM_EXERCISE_USER_ID', 'INSTAGRAM_EXERCISE_ACCESS_TOKEN'] },
  { channel: 'Mastodon', keys: ['MASTODON_URL', 'MASTODON_ACCESS_TOKEN'] },
  { channel: 'Mastodon exercise account', keys: ['MASTODON_EXERCISE_URL', 'MASTODON_EXERCISE_ACCESS_TOKEN'] },
  { channel: 'Bluesky', keys: ['BLUESKY_HANDLE', 'BLUESKY_APP_PASSWORD'] },
  { channel: 'Bluesky exercise account', keys: ['BLUESKY_EXERCISE_HANDLE', 'BLUESKY_EXERCISE_APP_PASSWORD'] },
  { channel: 'webhook', keys: ['WEBHOOK_URL', 'WEBHOOK_SECRET'] },
];

/**
 * The first half-configured channel as `[variable, what it needs]`, or null.
 * Only names are reported, never values: several of these are secrets.
 */
export function incompleteChannel(e: ChannelEnv): [Key, string] | null {
  for (const g of GROUPS) {
    const set = g.keys.filter((k) => e[k] !== undefined);
    if (set.length === 0) continue;
    const missing = [...g.keys, ...(g.needs ?? [])].find((k) => e[k] === undefined);
    if (missing) {
      return [missing, `required when ${set.join(', ')} ${set.length > 1 ? 'are' : 'is'} set (${g.channel}: set ${g.keys.join(', ')} together, or none of them for sandbox mode)`];
    }
  }
  // App credentials alone post nowhere: say which account is missing rather than run in sandbox silently.
  if ((e.X_APP_KEY || e.X_APP_SECRET) && !e.X_ACCESS_TOKEN && !e.X_EXERCISE_ACCESS_TOKEN) {
    return ['X_ACCESS_TOKEN', 'required when X_APP_KEY or X_APP_SECRET is set (set X_ACCESS_TOKEN, X_ACCESS_SECRET, X_USER_ID, or the X_EXERCISE_* account)'];
  }
  return null;
}

function smtpTarget(value: string) {
  const u = new URL(value);
  const secure = u.protocol === 'smtps:';
  const user = decodeURIComponent(u.username);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    auth: user ? { user, pass: decodeURIComponent(u.password) } : undefined,
  };
}

const trimSlash = (u: string) => u.replace(/\/+$/, '');

/** Call after `incompleteChannel` returned null: every group here is complete or absent. */
export function channelsConfig(e: ChannelEnv): ChannelsConfig {
  const xAccount = (accessToken?: string, accessSecret?: string, userId?: string): XAccountConfig | undefined =>
    accessToken && accessSecret && userId && e.X_APP_KEY && e.X_APP_SECRET
      ? { baseUrl: trimSlash(e.X_API_BASE_URL), appKey: e.X_APP_KEY, appSecret: e.X_APP_SECRET, accessToken, accessSecret, userId }
      : undefined;
  const gateway = (baseUrl?: string, serviceName?: string, appKey?: string, appSecret?: string, consumerKey?: string): SmsGatewayConfig | undefined =>
    baseUrl && serviceName && appKey && appSecret && consumerKey && e.SMS_SENDER ? { baseUrl: trimSlash(baseUrl), serviceName, appKey, appSecret, consumerKey, sender: e.SMS_SENDER } : undefined;
  const page = (pageId?: string, pageToken?: string): FacebookPageConfig | undefined => (pageId && pageToken ? { graphUrl: trimSlash(e.FACEBOOK_GRAPH_URL), pageId, pageToken } : undefined);
  const instagram = (userId?: string, accessToken?: string): InstagramAccountConfig | undefined =>
    userId && accessToken ? { graphUrl: trimSlash(e.INSTAGRAM_GRAPH_URL), userId, accessToken } : undefined;
  const mastodon = (url?: string, accessToken?: string): MastodonAccountConfig | undefined => (url && accessToken ? { baseUrl: trimSlash(url), accessToken } : undefined);
  const bluesky = (identifier?: string, appPassword?: string): BlueskyAccountConfig | undefined =>
    identifier && appPassword ? { serviceUrl: trimSlash(e.BLUESKY_SERVICE_URL), identifier, appPassword } : undefined;
  return {
    timeoutMs: e.CHANNEL_TIMEOUT_SECONDS * 1000,
    checkIntervalMs: Math.round(e.CHANNEL_CHECK_MINUTES * 60_000),
    email: e.SMTP_URL && e.SMTP_FROM ? { ...smtpTarget(e.SMTP_URL), from: e.SMTP_FROM, poolConnections: e.SMTP_POOL_CONNECTIONS } : undefined,
    emailSecondary: e.SMTP_SECONDARY_URL && e.SMTP_URL && e.SMTP_FROM ? { ...smtpTarget(e.SMTP_SECONDARY_URL), from: e.SMTP_FROM, poolConnections: e.SMTP_POOL_CONNECTIONS } : undefined,
    sms: gateway(e.SMS_GATEWAY_URL, e.SMS_SERVICE_NAME, e.SMS_APP_KEY, e.SMS_APP_SECRET, e.SMS_CONSUMER_KEY),
    smsSecondary: e.SMS_GATEWAY_URL ? gateway(e.SMS_SECONDARY_GATEWAY_URL, e.SMS_SECONDARY_SERVICE_NAME, e.SMS_SECONDARY_APP_KEY, e.SMS_SECONDARY_APP_SECRET, e.SMS_SECONDARY_CONSUMER_KEY) : undefined,
    fallback: { primaryAttempts: e.PROVIDER_FALLBACK_PRIMARY_ATTEMPTS, holdMs: e.PROVIDER_FALLBACK_HOLD_SECONDS * 1000 },
    receipts: { smsSecret: e.SMS_RECEIPT_SECRET, emailBounceSecret: e.EMAIL_BOUNCE_SECRET },
    x: xAccount(e.X_ACCESS_TOKEN, e.X_ACCESS_SECRET, e.X_USER_ID),
    xExercise: xAccount(e.X_EXERCISE_ACCESS_TOKEN, e.X_EXERCISE_ACCESS_SECRET, e.X_EXERCISE_USER_ID),
    facebook: page(e.FACEBOOK_PAGE_ID, e.FACEBOOK_PAGE_TOKEN),
    facebookExercise: page(e.FACEBOOK_EXERCISE_PAGE_ID, e.FACEBOOK_EXERCISE_PAGE_TOKEN),
    instagram: instagram(e.INSTAGRAM_USER_ID, e.INSTAGRAM_ACCESS_TOKEN),
    instagramExercise: instagram(e.INSTAGRAM_EXERCISE_USER_ID, e.INSTAGRAM_EXERCISE_ACCESS_TOKEN),
    mastodon: mastodon(e.MASTODON_URL, e.MASTODON_ACCESS_TOKEN),
    mastodonExercise: mastodon(e.MASTODON_EXERCISE_URL, e.MASTODON_EXERCISE_ACCESS_TOKEN),
    bluesky: bluesky(e.BLUESKY_HANDLE, e.BLUESKY_APP_PASSWORD),
    blueskyExercise: bluesky(e.BLUESKY_EXERCISE_HANDLE, e.BLUESKY_EXERCISE_APP_PASSWORD),
    webhook: e.WEBHOOK_URL && e.WEBHOOK_SECRET ? { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET } : undefined,
  };
}
