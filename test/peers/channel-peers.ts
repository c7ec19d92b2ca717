import { FacebookPeer } from './facebook-peer';
import { SmsPeer } from './sms-peer';
import { SmtpPeer } from './smtp-peer';
import { XPeer } from './x-peer';

export const X_USER = '1500000000000000001';
export const FB_PAGE = '100200300400500';
const SMS_ACCOUNT = { serviceName: 'sms-pref88-1', appKey: 'ak-test', appSecret: 'as-test-secret', consumerKey: 'ck-test' };

export interface ChannelPeers {
  smtp: SmtpPeer;
  sms: SmsPeer;
  x: XPeer;
  facebook: FacebookPeer;
  /** Environment that points every channel of the app at these peers. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Every provider the product talks to, as a real server on loopback. */
export async function startChannelPeers(opts: { parseMail?: boolean } = {}): Promise<ChannelPeers> {
  const smtp = await new SmtpPeer({ parse: opts.parseMail ?? true }).start();
  const sms = await new SmsPeer(SMS_ACCOUNT).start();
  const x = await new XPeer({ 'x-access-token': X_USER }).start();
  const facebook = await new FacebookPeer({ [FB_PAGE]: 'fb-page-token' }).start();
  return {
    smtp,
    sms,
    x,
    facebook,
    env: {
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Préfecture des Vosges <alerte@vosges.example.org>',
      SMS_GATEWAY_URL: `${sms.url}/1.0`,
      SMS_SERVICE_NAME: SMS_ACCOUNT.serviceName,
      SMS_APP_KEY: SMS_ACCOUNT.appKey,
      SMS_APP_SECRET: SMS_ACCOUNT.appSecret,
      SMS_CONSUMER_KEY: SMS_ACCOUNT.consumerKey,
      SMS_SENDER: 'PREF88',
      X_API_BASE_URL: x.url,
      X_APP_KEY: 'x-app-key',
      X_APP_SECRET: 'x-app-secret',
      X_ACCESS_TOKEN: 'x-access-token',
      X_ACCESS_SECRET: 'x-access-secret',
      X_USER_ID: X_USER,
      FACEBOOK_GRAPH_URL: facebook.url,
      FACEBOOK_PAGE_ID: FB_PAGE,
      FACEBOOK_PAGE_TOKEN: 'fb-page-token',
    },
    async stop() {
      await Promise.all([smtp.stop(), sms.stop(), x.stop(), facebook.stop()]);
    },
  };
}
