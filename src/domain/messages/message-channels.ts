/**
 * Who a message is for, where it goes, and which pieces each channel needs.
 * The template catalog, the renderer and the dispatch all read this one table.
 */
import { C2_AUDIENCES, CHANNELS as ALL_CHANNELS, type Audience, type ChannelName } from '../channels/channel-catalogue';

export { C2_AUDIENCES as AUDIENCES, type Audience };

/** The channels a bulletin is rendered for: every channel but the webhook, which carries the data, not a text. */
export type Channel = Exclude<ChannelName, 'webhook'>;
export const CHANNELS: readonly Channel[] = ALL_CHANNELS.filter((c): c is Channel => c !== 'webhook');

/** `title` is the public page heading; `text` is the whole body of an SMS or a post. */
export const PART_NAMES = ['subject', 'title', 'html', 'text'] as const;
export type PartName = (typeof PART_NAMES)[number];

export const CHANNEL_PARTS: Readonly<Record<Channel, readonly PartName[]>> = {
  email: ['subject', 'html', 'text'],
  sms: ['text'],
  x: ['text'],
  facebook: ['text'],
  instagram: ['text'],
  mastodon: ['text'],
  bluesky: ['text'],
  public_page: ['title', 'html', 'text'],
};

/**
 * The channels each audience is reached through. No SMS to the public: the
 * product holds no list of residents' phones, and cell broadcast (FR-Alert) is
 * a separate national system.
 */
export const AUDIENCE_CHANNELS: Readonly<Record<Audience, readonly Channel[]>> = {
  elected: ['email', 'sms'],
  media: ['email', 'sms'],
  public: ['x', 'facebook', 'instagram', 'mastodon', 'bluesky', 'public_page'],
};

/**
 * Who the signed webhook serves: the institutional partners of the ORSEC plan
 * (the departmental council, the fire and rescue service SDIS, the regional
 * health agency ARS), whose own systems take the prefecture's bulletin as data.
 * They get what the elected officials get (the institutional message, as the
 * README says internal services on a list do), from its email rendering, or its
 * SMS one when the bulletin goes to them by SMS only; one signed call per
 * bulletin, only when WEBHOOK_URL is set (a partner link is configured, not
 * chosen per message). `partners` is no C2 audience: the webhook meets no clock.
 */
export const PARTNER_ROUTE = { audience: 'partners', channel: 'webhook', from: 'elected', fromChannels: ['email', 'sms'] } as const;

/** The rendering the partners get, if the bulletin goes to the elected officials at all. */
export function partnerSource<T extends { audience: string; channel: string }>(renderings: readonly T[]): T | undefined {
  for (const channel of PARTNER_ROUTE.fromChannels) {
    const found = renderings.find((r) => r.audience === PARTNER_ROUTE.from && r.channel === channel);
    if (found) return found;
  }
  return undefined;
}

/** An event kind without its own wording (kinds/<kind>.hbs) uses this one. */
export const GENERIC_KIND = 'generic';

export const X_MAX_WEIGHTED_LENGTH = 280;
export const FACEBOOK_MAX_LENGTH = 63206;

/**
 * The longest text each network takes for a post, in characters (Unicode code points, which never
 * count fewer than Bluesky's graphemes): Facebook 63,206; an Instagram caption 2,200; Mastodon's
 * default 500; Bluesky 300. X is counted its own way (weighted, X_MAX_WEIGHTED_LENGTH).
 */
export const POST_MAX_LENGTH: Readonly<Partial<Record<Channel, { max: number; network: string }>>> = {
  facebook: { max: FACEBOOK_MAX_LENGTH, network: 'Facebook' },
  instagram: { max: 2200, network: 'Instagram' },
  mastodon: { max: 500, network: 'Mastodon' },
  bluesky: { max: 300, network: 'Bluesky' },
};

export const isAudience = (v: string): v is Audience => (C2_AUDIENCES as readonly string[]).includes(v);
export const isChannel = (v: string): v is Channel => (CHANNELS as readonly string[]).includes(v);
export const isPartName = (v: string): v is PartName => (PART_NAMES as readonly string[]).includes(v);
export const isMultiPart = (channel: Channel): boolean => CHANNEL_PARTS[channel].length > 1;

/** Event kinds are identifiers such as `forest_fire`: they name a wording file, kinds/<kind>.hbs. */
export const KIND_PATTERN = /^[a-z][a-z0-9_]*$/;

/** `elected.email.subject`, or `public.x` for a one-part channel: one shared layout. */
export function layoutId(audience: Audience, channel: Channel, part: PartName): string {
  return isMultiPart(channel) ? `${audience}.${channel}.${part}` : `${audience}.${channel}`;
}

/** `forest_fire.elected.email.subject`: a layout filled with one kind's wording, as recorded with a message. */
export function templateId(kind: string, audience: Audience, channel: Channel, part: PartName): string {
  return `${kind}.${layoutId(audience, channel, part)}`;
}

/** Paths inside the templates folder, always with `/`. */
export const LAYOUTS_DIR = 'layouts';
export const KINDS_DIR = 'kinds';
export const layoutPath = (audience: Audience, channel: Channel, part: PartName): string => `${LAYOUTS_DIR}/${layoutId(audience, channel, part)}.hbs`;
export const kindPath = (kind: string): string => `${KINDS_DIR}/${kind}.hbs`;
