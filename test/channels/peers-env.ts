import { FacebookPeer } from '../peers/facebook-peer';
import { SmsPeer } from '../peers/sms-peer';
import { SmtpPeer } from '../peers/smtp-peer';
import { WebhookPeer } from '../peers/webhook-peer';
import { XPeer } from '../peers/x-peer';
import { InstagramPeer } from '../peers/instagram-peer';
import { MastodonPeer } from '../peers/mastodon-peer';
import { BlueskyPeer } from '../peers/bluesky-peer';

export const SECRETS = {
  smtpPass: 'smtp-pass-secret-1',
  smsAppSecret: 'sms-app-secret-1',
  smsConsumerKey: 'sms-consumer-key-1',
  xAppSecret: 'x-app-secret-1',
  xAccessSecret: 'x-access-secret-1',
  xExerciseAccessSecret: 'x-drill-secret-1',
  facebookToken: 'fb-page-token-1',
  facebookExerciseToken: 'fb-drill-token-1',
  webhookSecret: 'webhook-secret-0123456789',
  instagramToken: 'ig-token-secret-1',
  instagramExerciseToken: 'ig-drill-token-1',
  mastodonToken: 'masto-token-secret-1',
  mastodonExerciseToken: 'masto-drill-token-1',
  blueskyAppPassword: 'bsky-app-pass-1',
  blueskyExerciseAppPassword: 'bsky-drill-pass-1',
};

export const IG_REAL_USER = '17841400000000001';
export const IG_DRILL_USER = '17841400000000002';
export const MASTODON_REAL_ACCOUNT = '101';
export const MASTODON_DRILL_ACCOUNT = '202';
export const BSKY_REAL_DID = 'did:plc:prefet88real000000000000';
export const BSKY_DRILL_DID = 'did:plc:prefet88drill00000000000';

export const X_REAL_USER = '1001';
export const X_DRILL_USER = '2002';
export const FB_REAL_PAGE = '5550001';
export const FB_DRILL_PAGE = '5550002';

/** Every provider on loopback, and the environment that points the product at them. */
export class AllPeers {
  smtp = new SmtpPeer({ auth: { user: 'relay', pass: SECRETS.smtpPass } });
  sms = new SmsPeer({ serviceName: 'sms-ab12345-1', appKey: 'sms-app-key-1', appSecret: SECRETS.smsAppSecret, consumerKey: SECRETS.smsConsumerKey });
  x = new XPeer({ 'tok-real': X_REAL_USER, 'tok-drill': X_DRILL_USER });
  facebook = new FacebookPeer({ [FB_REAL_PAGE]: SECRETS.facebookToken, [FB_DRILL_PAGE]: SECRETS.facebookExerciseToken });
  webhook = new WebhookPeer(SECRETS.webhookSecret);
  instagram = new InstagramPeer({ [IG_REAL_USER]: SECRETS.instagramToken, [IG_DRILL_USER]: SECRETS.instagramExerciseToken });
  mastodon = new MastodonPeer({ [SECRETS.mastodonToken]: MASTODON_REAL_ACCOUNT, [SECRETS.mastodonExerciseToken]: MASTODON_DRILL_ACCOUNT });
  bluesky = new BlueskyPeer({
    'prefet88.bsky.example': { did: BSKY_REAL_DID, appPassword: SECRETS.blueskyAppPassword },
    'exercice-prefet88.bsky.example': { did: BSKY_DRILL_DID, appPassword: SECRETS.blueskyExerciseAppPassword },
  });

  private all() {
    return [this.smtp, this.sms, this.x, this.facebook, this.webhook, this.instagram, this.mastodon, this.bluesky];
  }

  async start(): Promise<this> {
    await Promise.all(this.all().map((p) => p.start()));
    return this;
  }

  async stop(): Promise<void> {
    await Promise.all(this.all().map((p) => p.stop()));
  }

  /** Nothing reached any provider (the SMTP peer counts accepted messages). */
  nothingReceived(): boolean {
    return this.smtp.accepted === 0 && [this.sms, this.x, this.facebook, this.webhook, this.instagram, this.mastodon, this.bluesky].every((p) => p.requests.length === 0);
  }

  env({ exerciseAccounts }: { exerciseAccounts: boolean }): Record<string, string> {
    return {
      SMTP_URL: `smtp://relay:${SECRETS.smtpPass}@127.0.0.1:${this.smtp.port}`,
      SMTP_FROM: 'Préfecture des Vosges <alerte@vosges.gouv.fr>',
      SMS_GATEWAY_URL: `${this.sms.url}/1.0`,
      SMS_SERVICE_NAME: 'sms-ab12345-1',
      SMS_APP_KEY: 'sms-app-key-1',
      SMS_APP_SECRET: SECRETS.smsAppSecret,
      SMS_CONSUMER_KEY: SECRETS.smsConsumerKey,
      SMS_SENDER: 'PREF88',
      X_API_BASE_URL: this.x.url,
      X_APP_KEY: 'x-app-key-1',
      X_APP_SECRET: SECRETS.xAppSecret,
      X_ACCESS_TOKEN: 'tok-real',
      X_ACCESS_SECRET: SECRETS.xAccessSecret,
      X_USER_ID: X_REAL_USER,
      FACEBOOK_GRAPH_URL: `${this.facebook.url}/v21.0`,
      FACEBOOK_PAGE_ID: FB_REAL_PAGE,
      FACEBOOK_PAGE_TOKEN: SECRETS.facebookToken,
      INSTAGRAM_GRAPH_URL: `${this.instagram.url}/v21.0`,
      INSTAGRAM_USER_ID: IG_REAL_USER,
      INSTAGRAM_ACCESS_TOKEN: SECRETS.instagramToken,
      MASTODON_URL: this.mastodon.url,
      MASTODON_ACCESS_TOKEN: SECRETS.mastodonToken,
      BLUESKY_SERVICE_URL: this.bluesky.url,
      BLUESKY_HANDLE: 'prefet88.bsky.example',
      BLUESKY_APP_PASSWORD: SECRETS.blueskyAppPassword,
      WEBHOOK_URL: `${this.webhook.url}/hooks/crise`,
      WEBHOOK_SECRET: SECRETS.webhookSecret,
      CHANNEL_TIMEOUT_SECONDS: '2',
      PUBLIC_BASE_URL: 'https://crise.vosges.example.org',
      ...(exerciseAccounts
        ? {
            X_EXERCISE_ACCESS_TOKEN: 'tok-drill',
            X_EXERCISE_ACCESS_SECRET: SECRETS.xExerciseAccessSecret,
            X_EXERCISE_USER_ID: X_DRILL_USER,
            FACEBOOK_EXERCISE_PAGE_ID: FB_DRILL_PAGE,
            FACEBOOK_EXERCISE_PAGE_TOKEN: SECRETS.facebookExerciseToken,
            INSTAGRAM_EXERCISE_USER_ID: IG_DRILL_USER,
            INSTAGRAM_EXERCISE_ACCESS_TOKEN: SECRETS.instagramExerciseToken,
            MASTODON_EXERCISE_URL: this.mastodon.url,
            MASTODON_EXERCISE_ACCESS_TOKEN: SECRETS.mastodonExerciseToken,
            BLUESKY_EXERCISE_HANDLE: 'exercice-prefet88.bsky.example',
            BLUESKY_EXERCISE_APP_PASSWORD: SECRETS.blueskyExerciseAppPassword,
          }
        : {}),
    };
  }
}
