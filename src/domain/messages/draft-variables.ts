import { EventKind, eventKindLabelFr } from '../events/event-kind';
import { validateNationalInformationNumber } from '../events/phone-number';
import { formatParis, formatParisTime, parisDay } from '../time/paris-time';

/**
 * The variables of a draft: what the writer types (facts, instructions, next
 * update) and what the product knows (title, communes from the official list,
 * the national number while the CIP is open, the public page, the marker).
 */
export interface DraftEventFacts {
  id: string;
  title: string;
  kind: EventKind;
  communes: { code: string; name: string }[];
  cipNumber: string | null;
  cipOpenedAt: Date | null;
}

export interface DraftInput {
  facts: string;
  instructions: string;
  nextUpdateAt: Date;
}

/**
 * `[PREF88-B12-0215]`: department, bulletin number (unique across events) and
 * Paris time. Short enough for an X post, unique enough to be found again on
 * the account's own timeline.
 */
export function bulletinMarker(department: string, bulletinNo: number, at: Date): string {
  return `[PREF${department}-B${bulletinNo}-${formatParisTime(at).replace(':', '')}]`;
}

/** `16h30` today, `30/11 à 09h00` another day: as a French bulletin says it. */
export function formatNextUpdate(at: Date, now: Date): string {
  const time = formatParisTime(at).replace(':', 'h');
  if (parisDay(at) === parisDay(now)) return `aujourd'hui à ${time}`;
  const [day, month] = formatParis(at).split(' ')[0].split('/');
  return `le ${day}/${month} à ${time}`;
}

export function publicPageUrl(baseUrl: string, eventId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/public/events/${eventId}`;
}

export function draftVariables(event: DraftEventFacts, input: DraftInput, ctx: { now: Date; baseUrl: string; marker: string }): Record<string, unknown> {
  const vars: Record<string, unknown> = {
    eventTitle: event.title,
    eventKindLabel: eventKindLabelFr(event.kind),
    communes: event.communes.map((c) => c.name),
    facts: input.facts.trim(),
    instructions: input.instructions.trim(),
    nextUpdateAt: formatNextUpdate(input.nextUpdateAt, ctx.now),
    publicPageUrl: publicPageUrl(ctx.baseUrl, event.id),
    marker: ctx.marker,
  };
  // The number is printed only once the CIP answers: before, callers would reach nobody.
  if (event.cipNumber && event.cipOpenedAt && event.cipOpenedAt <= ctx.now) {
    const n = validateNationalInformationNumber(event.cipNumber);
    if (n.ok) vars.nnip = n.display;
  }
  return vars;
}
