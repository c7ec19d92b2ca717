import { EXERCISE_MARKING } from '../messages/exercise-marking';
import { formatParisIso } from '../time/paris-time';
import { bulletinIdentifier, type PublicBulletin, type PublicEvent } from './public-bulletin';
import { element } from './xml-text';

/**
 * CAP 1.2 (OASIS Common Alerting Protocol) alerts for the public bulletins of
 * an event. One alert per bulletin: the first is an Alert, each later one an
 * Update referencing the one before, and a closed event ends with a Cancel
 * referencing the last.
 */
export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

export type CapCategory = 'Geo' | 'Met' | 'Safety' | 'Security' | 'Rescue' | 'Fire' | 'Health' | 'Env' | 'Transport' | 'Infra' | 'CBRNE' | 'Other';

/**
 * CAP's categories by the kind of event. Heat waves and snow are weather (Met)
 * and a pollution is environmental (Env), as CAP defines them: a consumer that
 * filters weather alerts must see them.
 */
const CATEGORIES: Record<string, CapCategory[]> = {
  forest_fire: ['Fire'],
  flood: ['Met'],
  storm: ['Met'],
  heat_wave: ['Met'],
  snow_ice: ['Met'],
  industrial_accident: ['Env', 'Safety'],
  pollution: ['Env'],
  public_health: ['Health'],
  security: ['Security'],
  network_outage: ['Infra'],
};

export function capCategories(kind: string): CapCategory[] {
  return CATEGORIES[kind] ?? ['Other'];
}

/**
 * Fixed for every bulletin, because the product does not ask the writer for
 * them: a bulletin goes out once the COD is activated for a major event whose
 * facts the COD has validated. Immediate (its instructions apply now), Severe
 * (a major event: significant threat to life or property), Observed (facts,
 * not forecasts). A Cancel says the event is over: Past, Minor, Observed.
 */
export const CAP_ASSESSMENT = {
  bulletin: { urgency: 'Immediate', severity: 'Severe', certainty: 'Observed' },
  cancel: { urgency: 'Past', severity: 'Minor', certainty: 'Observed' },
} as const;

export interface CapContext {
  /** Who sends: the host of the public site, the same for every alert so that references resolve. */
  sender: string;
  senderName: string;
  /** The event's public page. */
  pageUrl: string;
}

export interface CapAlert {
  identifier: string;
  sent: string;
  msgType: 'Alert' | 'Update' | 'Cancel';
  references: string | null;
  headline: string;
  xml: string;
}

const ref = (ctx: CapContext, b: PublicBulletin) => `${ctx.sender},${bulletinIdentifier(b.marker)},${formatParisIso(b.publishedAt)}`;

/**
 * Every alert of the event, oldest first; `bulletins` come newest first, as the
 * page lists them. Empty when nothing was published: there is nothing to alert
 * about, and nothing to cancel.
 */
export function capAlerts(event: PublicEvent, bulletins: readonly PublicBulletin[], ctx: CapContext): CapAlert[] {
  const ordered = [...bulletins].reverse();
  const out: CapAlert[] = ordered.map((b, i) => {
    const previous = i > 0 ? ordered[i - 1] : null;
    return alertOf(event, ctx, {
      identifier: bulletinIdentifier(b.marker),
      sent: b.publishedAt,
      msgType: previous ? 'Update' : 'Alert',
      references: previous ? ref(ctx, previous) : null,
      assessment: CAP_ASSESSMENT.bulletin,
      headline: b.title,
      description: b.facts,
      instruction: b.instructions,
      contact: b.nnip ?? event.nnip,
    });
  });
  const last = ordered[ordered.length - 1];
  if (event.closed && last) {
    out.push(
      alertOf(event, ctx, {
        // Nothing can be sent on a closed event: the Cancel of its last bulletin is the last word, so this name is stable.
        identifier: `${bulletinIdentifier(last.marker)}-FIN`,
        sent: event.closedAt ?? last.publishedAt,
        msgType: 'Cancel',
        references: ref(ctx, last),
        assessment: CAP_ASSESSMENT.cancel,
        headline: `Fin de l'événement : ${event.title}`,
        description: `L'événement « ${event.title} » est clos. Les consignes des bulletins précédents ne s'appliquent plus, sauf indication contraire des autorités.`,
        instruction: null,
        contact: null,
      }),
    );
  }
  return out;
}

/** The alert a reader should act on now: the Cancel of a closed event, or the latest bulletin. */
export function currentCapAlert(event: PublicEvent, bulletins: readonly PublicBulletin[], ctx: CapContext): CapAlert | null {
  const all = capAlerts(event, bulletins, ctx);
  return all.length ? all[all.length - 1] : null;
}

interface AlertSpec {
  identifier: string;
  sent: Date;
  msgType: CapAlert['msgType'];
  references: string | null;
  assessment: { urgency: string; severity: string; certainty: string };
  headline: string;
  description: string;
  instruction: string | null;
  contact: string | null;
}

function alertOf(event: PublicEvent, ctx: CapContext, s: AlertSpec): CapAlert {
  const exercise = event.mode === 'exercise';
  const sent = formatParisIso(s.sent);
  // CAP fixes the order of every element: the schema rejects an alert whose elements are shuffled.
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<alert xmlns="${CAP_NAMESPACE}">`,
    element('identifier', s.identifier),
    element('sender', ctx.sender),
    element('sent', sent),
    element('status', exercise ? 'Exercise' : 'Actual'),
    element('msgType', s.msgType),
    element('scope', 'Public'),
    exercise ? element('note', `${EXERCISE_MARKING} : message d'exercice, aucun danger réel.`) : '',
    element('references', s.references),
    element('incidents', event.id),
    '<info>',
    element('language', 'fr-FR'),
    ...capCategories(event.kind).map((c) => element('category', c)),
    element('event', event.kindLabel),
    element('urgency', s.assessment.urgency),
    element('severity', s.assessment.severity),
    element('certainty', s.assessment.certainty),
    element('senderName', ctx.senderName),
    element('headline', s.headline),
    element('description', s.description),
    element('instruction', s.instruction),
    element('web', ctx.pageUrl),
    element('contact', s.contact),
    '<area>',
    element('areaDesc', event.communes.map((c) => c.name).join(', ')),
    ...event.communes.map((c) => `<geocode>${element('valueName', 'INSEE')}${element('value', c.code)}</geocode>`),
    '</area>',
    '</info>',
    '</alert>',
  ]
    .filter(Boolean)
    .join('\n');
  return { identifier: s.identifier, sent, msgType: s.msgType, references: s.references, headline: s.headline, xml: `${xml}\n` };
}
