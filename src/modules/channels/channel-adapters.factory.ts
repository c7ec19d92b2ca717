import type { AppConfig } from '../../config/app-config';
import type { ChannelAdapter, ChannelName } from './channel-adapter.types';
import { EmailAdapter } from './email.adapter';
import { FacebookAdapter } from './facebook.adapter';
import { FallbackAdapter } from './fallback.adapter';
import { PublicPageAdapter } from './public-page.adapter';
import { SandboxAdapter } from './sandbox.adapter';
import { SmsAdapter } from './sms.adapter';
import { WebhookAdapter } from './webhook.adapter';
import { XAdapter } from './x.adapter';
import { InstagramAdapter } from './instagram.adapter';
import { MastodonAdapter } from './mastodon.adapter';
import { BlueskyAdapter } from './bluesky.adapter';

export interface ChannelAdapters {
  live: Record<ChannelName, ChannelAdapter>;
  /** The sandbox accounts exercises post to (public posts only); absent when not configured. */
  exercise: Partial<Record<ChannelName, ChannelAdapter>>;
  /** What must be closed at shutdown (the SMTP pool). */
  closers: (() => void)[];
}

/** Every adapter, built once from the configuration: a channel without configuration gets the sandbox. */
export function buildChannelAdapters(config: AppConfig): ChannelAdapters {
  const c = config.channels;
  const t = c.timeoutMs;
  const email = c.email ? new EmailAdapter(c.email, t) : undefined;
  const emailSecondary = c.email && c.emailSecondary ? new EmailAdapter(c.emailSecondary, t) : undefined;
  const fallback = c.fallback;
  return {
    live: {
      email: email ? new FallbackAdapter('email', email, emailSecondary, fallback) : new SandboxAdapter('email'),
      sms: c.sms ? new FallbackAdapter('sms', new SmsAdapter(c.sms, t), c.smsSecondary && new SmsAdapter(c.smsSecondary, t), fallback) : new SandboxAdapter('sms'),
      x: c.x ? new XAdapter(c.x, t) : new SandboxAdapter('x'),
      facebook: c.facebook ? new FacebookAdapter(c.facebook, t) : new SandboxAdapter('facebook'),
      instagram: c.instagram ? new InstagramAdapter(c.instagram, t) : new SandboxAdapter('instagram'),
      mastodon: c.mastodon ? new MastodonAdapter(c.mastodon, t) : new SandboxAdapter('mastodon'),
      bluesky: c.bluesky ? new BlueskyAdapter(c.bluesky, t) : new SandboxAdapter('bluesky'),
      webhook: c.webhook ? new WebhookAdapter(c.webhook, t) : new SandboxAdapter('webhook'),
      public_page: new PublicPageAdapter(config.publicBaseUrl),
    },
    exercise: {
      x: c.xExercise ? new XAdapter(c.xExercise, t) : undefined,
      facebook: c.facebookExercise ? new FacebookAdapter(c.facebookExercise, t) : undefined,
      instagram: c.instagramExercise ? new InstagramAdapter(c.instagramExercise, t) : undefined,
      mastodon: c.mastodonExercise ? new MastodonAdapter(c.mastodonExercise, t) : undefined,
      bluesky: c.blueskyExercise ? new BlueskyAdapter(c.blueskyExercise, t) : undefined,
    },
    closers: [email, emailSecondary].filter((a): a is EmailAdapter => a !== undefined).map((a) => () => a.close()),
  };
}
