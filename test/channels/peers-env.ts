import { FacebookPeer } from '../peers/facebook-peer';
import { SmsPeer } from '../peers/sms-peer';
import { SmtpPeer } from '../peers/smtp-peer';
import { WebhookPeer } from '../peers/webhook-peer';
import { XPeer } from '../peers/x-peer';

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
};

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

  async start(): Promise<this> {
    await Promise.all([this.smtp.start(), this.sms.start(), this.x.start(), this.facebook.start(), this.webhook.start()]);
    return this;
  }

  async stop(): Promise<void> {
    await Promise.all([this.smtp.stop(), this.sms.stop(), this.x.stop(), this.facebook.stop(), this.webhook.stop()]);
  }

  /** Nothing reached any provider (the SMTP peer counts accepted messages). */
  nothingReceived(): boolean {
    return this.smtp.accepted === 0 && this.sms.requests.length === 0 && this.x.requests.length === 0 && this.facebook.requests.length === 0 && this.webhook.requests.length === 0;
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
          }
        : {}),
    };
  }
}
