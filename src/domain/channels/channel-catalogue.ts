import type { FailureFacts } from './provider-fallback.policy';

/**
 * The one vocabulary of channels, audiences and outcomes. Every other list in
 * the product (DTO checks, templates, the worker's lanes, SQL parameters, the
 * console) is derived from these tables: a new channel is added here first.
 */

/** Every way out of the product. */
export const CHANNELS = ['email', 'sms', 'x', 'facebook', 'instagram', 'mastodon', 'bluesky', 'webhook', 'public_page'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/**
 * What the product promises for a send on each channel (invariant 3).
 * - `at-least-once`: a send whose outcome is unknown is simply sent again; a
 *   recipient may get a message twice, never zero times.
 * - `at-most-once`: a public post whose outcome is unknown is looked for by its
 *   marker on the account before any new attempt; never posted twice.
 * - `idempotent`: our own page; writing it again changes nothing.
 */
export type ChannelGuarantee = 'at-least-once' | 'at-most-once' | 'idempotent';

export const CHANNEL_GUARANTEES: Readonly<Record<ChannelName, ChannelGuarantee>> = {
  email: 'at-least-once',
  sms: 'at-least-once',
  x: 'at-most-once',
  facebook: 'at-most-once',
  instagram: 'at-most-once',
  mastodon: 'at-most-once',
  bluesky: 'at-most-once',
  webhook: 'at-least-once',
  public_page: 'idempotent',
};

/** Public posts on an account's timeline: at-most-once, reconciled by their marker. */
export const POST_CHANNELS: readonly ChannelName[] = CHANNELS.filter((c) => CHANNEL_GUARANTEES[c] === 'at-most-once');

export const isChannelName = (v: string): v is ChannelName => (CHANNELS as readonly string[]).includes(v);
export const isPostChannel = (channel: string): boolean => (POST_CHANNELS as readonly string[]).includes(channel);

/** The three audiences of commitment C2: their first factual message meets its clock. */
export const C2_AUDIENCES = ['elected', 'public', 'media'] as const;
export type Audience = (typeof C2_AUDIENCES)[number];
export const isC2Audience = (v: string): v is Audience => (C2_AUDIENCES as readonly string[]).includes(v);

/**
 * Who a delivery row is for: the C2 audiences, the players of an exercise
 * (injects), the members of the emergency communication cell (pages), the
 * director of a coming exercise (reminders), and the institutional partners'
 * systems reached by the signed webhook (the departmental council, the SDIS,
 * the ARS: they get the elected officials' bulletin as data; no C2 clock is theirs).
 */
export const DELIVERY_AUDIENCES = [...C2_AUDIENCES, 'exercise_player', 'cell', 'exercise_director', 'partners'] as const;
export type DeliveryAudience = (typeof DELIVERY_AUDIENCES)[number];

/**
 * Audiences whose deliveries go ahead of everything else on their channel: a
 * page to the cell at 3 a.m. must not wait behind thousands of bulletin
 * emails. The worker runs a separate lane for them (same channel rate limits).
 */
export const PRIORITY_AUDIENCES: readonly DeliveryAudience[] = ['cell'];

/** The row's priority in the outbox: 1 for a priority audience, 0 for the bulk. */
export const deliveryPriority = (audience: string): number => ((PRIORITY_AUDIENCES as readonly string[]).includes(audience) ? 1 : 0);

/** Statuses a delivery leaves only by a person's verdict (or never): nothing more is tried by the worker. */
export const SETTLED_DELIVERY_STATUSES: readonly DeliveryStatus[] = ['sent', 'failed', 'sandboxed', 'unknown'];

/** What a provider's answer to one send became; the delivery policy turns it into a row's next state. */
export type SendOutcome =
  /** The provider accepted it; `provider` says which one when the channel has two (email, SMS). */
  | { kind: 'sent'; proof: Record<string, string>; provider?: ProviderRole }
  /** Not sent on purpose: the channel is not configured, or the exercise gate kept it from a real audience. */
  | { kind: 'sandboxed'; reason: string }
  /** Worth retrying: SMTP 4xx, HTTP 5xx, 429 (retryAt = the provider's reset time when it gave one), connection refused before sending. */
  | { kind: 'temporary'; reason: string; retryAt?: Date; failure?: FailureFacts }
  /** Never worth retrying: SMTP 5xx, HTTP 4xx other than 429, a bad address. */
  | { kind: 'permanent'; reason: string; failure?: FailureFacts }
  /** The request may have been published: a timeout after sending, X's 403 duplicate. Posts are then reconciled, never blindly retried. */
  | { kind: 'unknown'; reason: string; failure?: FailureFacts };

/** Which of a channel's two providers handled a send (email and SMS may have a second one). */
export type ProviderRole = 'primary' | 'secondary';

/**
 * What the provider later said of an accepted delivery (an SMS delivery report,
 * an email bounce): `sent` stays the acceptance, which meets C2; this is the fate.
 */
export const RECEIPT_STATUSES = ['delivered', 'bounced', 'expired'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

/** A delivery row's state in the outbox. */
export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'failed', 'unknown', 'sandboxed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
