import { EXERCISE_MARKING } from '../messages/exercise-marking';
import { bulletinIdentifier, type PublicBulletin, type PublicEvent } from './public-bulletin';
import { element, escapeXml } from './xml-text';

/**
 * Atom 1.0 (RFC 4287) feeds of the public bulletins: one per event, and one for
 * all events. Entry ids are the messages' UUIDs, so a reader never shows a
 * bulletin twice, even if the site's address changes.
 */
export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';

export interface AtomContext {
  /** Address of this feed (rel="self"). */
  selfUrl: string;
  /** The page the feed mirrors (rel="alternate"). */
  pageUrl: string;
  /** The feed's permanent id. */
  id: string;
  title: string;
  subtitle?: string;
  author: string;
  /** Used when there is no entry at all: an Atom feed must say when it last changed. */
  fallbackUpdated: Date;
}

export interface AtomEntry {
  id: string;
  title: string;
  updated: Date;
  /** Page of the entry: the event's page, anchored at the bulletin. */
  url: string;
  summary: string;
  /** Plain text, as published on the page. */
  content: string;
  categories?: string[];
  /** Media type of `url`: the page by default, a CAP alert in the CAP index. */
  urlType?: string;
}

const utc = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The bulletins of one event as entries; a closed event ends with an entry saying so. */
export function bulletinEntries(event: PublicEvent, bulletins: readonly PublicBulletin[], pageUrl: string): AtomEntry[] {
  const entries: AtomEntry[] = bulletins.map((b) => ({
    id: `urn:uuid:${b.messageId}`,
    title: b.title,
    updated: b.publishedAt,
    url: `${pageUrl}#${encodeURIComponent(b.deliveryId)}`,
    summary: b.facts,
    content: b.text,
    categories: [event.kindLabel, ...(event.mode === 'exercise' ? ['Exercice'] : [])],
  }));
  if (event.closed && event.closedAt) {
    const last = bulletins[0];
    entries.unshift({
      // Stable: an event is closed once, and its last bulletin never changes afterwards.
      id: last ? `urn:uuid:${last.messageId}#fin` : `urn:uuid:${event.id}#fin`,
      title: `${event.mode === 'exercise' ? `${EXERCISE_MARKING} | ` : ''}Fin de l'événement : ${event.title}`,
      updated: event.closedAt,
      url: `${pageUrl}#fin`,
      summary: `L'événement « ${event.title} » est clos.`,
      content: `L'événement « ${event.title} » est clos.${last ? ` Dernier bulletin : ${bulletinIdentifier(last.marker)}.` : ''}`,
      categories: [event.kindLabel],
    });
  }
  return entries;
}

export function atomFeed(ctx: AtomContext, entries: readonly AtomEntry[]): string {
  const sorted = [...entries].sort((a, b) => b.updated.getTime() - a.updated.getTime());
  const updated = sorted.length ? sorted[0].updated : ctx.fallbackUpdated;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="${ATOM_NAMESPACE}" xml:lang="fr-FR">`,
    element('id', ctx.id),
    element('title', ctx.title),
    element('subtitle', ctx.subtitle),
    element('updated', utc(updated)),
    `<author>${element('name', ctx.author)}</author>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(ctx.selfUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(ctx.pageUrl)}"/>`,
    ...sorted.map((e) =>
      [
        '<entry>',
        element('id', e.id),
        element('title', e.title),
        element('updated', utc(e.updated)),
        element('published', utc(e.updated)),
        `<link rel="alternate" type="${escapeXml(e.urlType ?? 'text/html')}" href="${escapeXml(e.url)}"/>`,
        ...(e.categories ?? []).map((c) => `<category term="${escapeXml(c)}"/>`),
        element('summary', e.summary, ' type="text"'),
        element('content', e.content, ' type="text"'),
        '</entry>',
      ]
        .filter(Boolean)
        .join('\n'),
    ),
    '</feed>',
  ];
  return `${lines.filter(Boolean).join('\n')}\n`;
}
