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

export interface ChannelAdapters {
  live: Record<ChannelName, ChannelAdapter>;
  /** The sandbox accounts exercises post to; absent when not configured. */
  exercise: { x?: ChannelAdapter; facebook?: ChannelAdapter };
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
      webhook: c.webhook ? new WebhookAdapter(c.webhook, t) : new SandboxAdapter('webhook'),
      public_page: new PublicPageAdapter(config.publicBaseUrl),
    },
    exercise: {
      x: c.xExercise ? new XAdapter(c.xExercise, t) : undefined,
      facebook: c.facebookExercise ? new FacebookAdapter(c.facebookExercise, t) : undefined,
    },
    closers: [email, emailSecondary].filter((a): a is EmailAdapter => a !== undefined).map((a) => () => a.close()),
  };
}
