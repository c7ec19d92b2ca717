import type { CredentialVerdict } from '../../domain/channels/credential-check.policy';
import type { ChannelName, SendOutcome } from '../../domain/channels/channel-catalogue';

export type { ChannelName, SendOutcome };

/**
 * The contract between the delivery worker (bulletins, injects, cell pages) and the
 * channels. An adapter does one thing: hand one message to one provider and say
 * what became of it. It never touches the database; the caller records outcomes.
 */

export interface OutboundMessage {
  /** The delivery row (or page) this send is for: providers that accept a reference get it. */
  reference: string;
  channel: ChannelName;
  /** Email address or E.164 mobile number; absent for posts (x, facebook, public_page, webhook). */
  to?: string;
  subject?: string;
  text: string;
  html?: string;
  /** Unique text inside the message (bulletin number and time): found again on the account's timeline when an outcome is unknown. */
  marker: string;
  exercise: boolean;
  /** The recipient is flagged as an exercise participant (email and SMS). */
  exerciseParticipant?: boolean;
  /** The major event, for the public page and the webhook body. */
  eventId?: string;
  /** Which attempt of this delivery this is (1 for the first): a passing refusal is retried on the primary provider first. */
  attempt?: number;
  /**
   * The claimed batch it belongs to (its lease token): a provider that takes batches tags the request with it, and a
   * receipt that comes back before the batch's outcomes are recorded is recognised by it.
   */
  batch?: string;
  /** Public posts of a bulletin: its visual card, attached to the post (Instagram requires it). */
  card?: OutboundCard;
}

/** A bulletin's card as the posts carry it: the images, their alt text, and where the public (and Instagram) fetch it. */
export interface OutboundCard {
  /** Always set: the kind and the headline, read by screen readers. */
  alt: string;
  /** 1200×675 PNG: X, Facebook, Mastodon, Bluesky. */
  landscape: Buffer;
  /** Public address of the 1080×1080 JPEG (Instagram downloads its image from a URL, and takes JPEG only). */
  squareJpegUrl: string;
}

/** What the provider gave as proof of acceptance: SMTP message id and reply, SMS job id, post id and URL. */
export type DeliveryProof = Record<string, string>;

export interface ChannelStatus {
  channel: ChannelName;
  mode: 'live' | 'sandbox';
  /** Where it sends (host only, never a credential). */
  target?: string;
  /** Public posts (x, facebook, instagram, mastodon, bluesky): where exercise posts go (`sandbox` = kept back, no exercise account configured). */
  exerciseMode?: 'live' | 'sandbox';
  /** Public posts: host of the exercise account's API, when configured. */
  exerciseTarget?: string;
  /** email and sms with a second provider: both, and whether the primary is being bypassed after a failure. */
  providers?: { role: 'primary' | 'secondary'; target?: string; bypassedUntil?: string }[];
}

export interface PublishedPost {
  id: string;
  url?: string;
}

export interface ChannelAdapter {
  readonly channel: ChannelName;
  status(): ChannelStatus;
  send(message: OutboundMessage): Promise<SendOutcome>;
  /**
   * Providers that take many recipients in one request (SMS gateways): each
   * message's outcome, in the order given, as `send` would have said it.
   */
  sendBatch?(messages: OutboundMessage[]): Promise<SendOutcome[]>;
  /**
   * Posts only (the at-most-once channels): the account's own recent post carrying this marker, if any.
   * Throws when the account cannot be read: "not found" and "could not look" are different answers.
   */
  findByMarker?(marker: string): Promise<PublishedPost | null>;
  /**
   * Live providers with a credential (email, sms and the public posts): asks the provider something harmless that
   * needs the credential, and never sends or posts. Never throws; `reason` never holds a secret.
   */
  checkCredentials?(): Promise<CredentialVerdict>;
}

/** The tag of an SMS job of many receivers: this prefix and the claimed batch's lease token (delivery reports carry it back). */
export const SMS_BATCH_TAG = 'batch-';
