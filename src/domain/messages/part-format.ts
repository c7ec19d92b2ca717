import { type Channel, type PartName } from './message-channels';
import { applyExerciseMarking, type MarkingForm } from './exercise-marking';

/**
 * Tidies what Handlebars produced: `{{#if}}` lines leave blank lines and
 * trailing spaces behind, and a subject must hold on one line. The template
 * check measures the same tidied text that will be sent.
 */
export function finishPart(part: PartName, raw: string): string {
  const text = raw.replace(/\r\n?/g, '\n');
  if (part === 'subject' || part === 'title') return text.replace(/\s+/g, ' ').trim();
  if (part === 'html') return text.trim();
  return text
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function markingForm(channel: Channel, part: PartName): MarkingForm {
  if (part === 'subject' || part === 'title') return 'line';
  if (part === 'html') return 'html';
  return channel === 'sms' || channel === 'x' || channel === 'mastodon' || channel === 'bluesky' ? 'compact' : 'block';
}

/** The text exactly as it leaves: tidied, then marked when it is an exercise. */
export function finalPart(channel: Channel, part: PartName, raw: string, exercise: boolean): string {
  const text = finishPart(part, raw);
  return exercise ? applyExerciseMarking(text, markingForm(channel, part)) : text;
}
