import type { ChannelName, DeliveryAudience, DeliveryStatus } from './channel-catalogue';

/**
 * French names of the channel vocabulary, for every sentence a person reads
 * (timeline, facts, console settings). Typed by the catalogue: a new channel,
 * audience or status does not compile until it has its French name.
 */
export const CHANNEL_LABELS_FR: Readonly<Record<ChannelName, string>> = {
  email: 'courriel',
  sms: 'SMS',
  x: 'X',
  facebook: 'Facebook',
  instagram: 'Instagram',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  webhook: 'Webhook',
  public_page: 'page publique',
};

export const AUDIENCE_LABELS_FR: Readonly<Record<DeliveryAudience, string>> = {
  elected: 'Élus locaux',
  public: 'Grand public',
  media: 'Médias',
  exercise_player: 'Joueurs de l’exercice',
  exercise_director: 'Direction de l’exercice',
  cell: 'Cellule de communication',
  partners: 'Partenaires institutionnels',
};

/** One delivery's state, then the plural for counts ("66 envoyés"). */
export const DELIVERY_STATUS_LABELS_FR: Readonly<Record<DeliveryStatus, { one: string; many: string }>> = {
  queued: { one: 'en attente', many: 'en attente' },
  sending: { one: 'en cours', many: 'en cours' },
  sent: { one: 'envoyé', many: 'envoyés' },
  failed: { one: 'échec', many: 'échecs' },
  unknown: { one: 'incertain', many: 'incertains' },
  sandboxed: { one: 'simulé (bac à sable)', many: 'simulés (bac à sable)' },
};

const lookup = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined => (Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined);

/** The French name of a channel; a means typed by a person (phone, radio) is kept as written. */
export const channelLabelFr = (channel: string): string => lookup(CHANNEL_LABELS_FR, channel) ?? channel;
export const audienceLabelFr = (audience: string): string => lookup(AUDIENCE_LABELS_FR, audience) ?? audience;

/** `66 envoyés`, `1 échec`. */
export function deliveryCountFr(status: string, count: number): string {
  const l = lookup(DELIVERY_STATUS_LABELS_FR, status);
  return `${count} ${l ? (count > 1 ? l.many : l.one) : status}`;
}
