import { formatParis, formatParisTime, parisDay } from '../time/paris-time';

/**
 * One bulletin as the public reads it: what the public page channel published
 * (the approved page title and texts, frozen at dispatch) with the facts,
 * instructions and next update the writer entered.
 */
export interface PublicBulletin {
  messageId: string;
  /** The public page delivery: its proof URL points at `#<deliveryId>` on the page. */
  deliveryId: string;
  marker: string;
  /** The approved page title (with the exercise marking in an exercise). */
  title: string;
  /** The approved text of the page, as published. */
  text: string;
  facts: string;
  instructions: string;
  /** As the bulletin says it ("aujourd'hui à 16h30"), made absolute, or null. */
  nextUpdate: string | null;
  /** The national information number printed in this bulletin, if the CIP was open. */
  nnip: string | null;
  /** When the public page channel accepted it: the time it went online. */
  publishedAt: Date;
  exercise: boolean;
}

/** The event as the public page and the feeds show it. */
export interface PublicEvent {
  id: string;
  title: string;
  kind: string;
  kindLabel: string;
  mode: 'real' | 'exercise';
  communes: { code: string; name: string }[];
  closed: boolean;
  closedAt: Date | null;
  createdAt: Date;
  /** The national information number while the CIP is open, formatted for reading; else null. */
  nnip: string | null;
}

/**
 * A draft stores its next update as the bulletin prints it, relative to the
 * day it was written ("aujourd'hui à 16h30"). On the page, read the next
 * morning, "today" would be wrong: it becomes "le 28/11 à 16h30".
 */
export function absoluteNextUpdate(text: unknown, draftedAt: Date, now: Date): string | null {
  if (typeof text !== 'string' || !text.trim()) return null;
  const t = text.trim();
  const today = /^aujourd'hui à (\d{1,2}h\d{2})$/.exec(t);
  if (!today) return t;
  if (parisDay(draftedAt) === parisDay(now)) return t;
  const [day, month] = formatParis(draftedAt).split(' ')[0].split('/');
  return `le ${day}/${month} à ${today[1]}`;
}

/** `28/11/2026 à 16h03` for a published time. */
export function publishedAtFr(at: Date): string {
  return `${formatParis(at).split(' ')[0]} à ${formatParisTime(at).replace(':', 'h')}`;
}

/** CAP identifiers and XML ids avoid spaces, commas, `<` and `&`: the marker `[PREF88-B3-1403]` gives `PREF88-B3-1403`. */
export function bulletinIdentifier(marker: string): string {
  return marker.replace(/^\[|\]$/g, '').replace(/[^A-Za-z0-9._-]/g, '-');
}
