/**
 * The words that tell every reader this is a drill. Applied by code to each
 * rendered part, never written in templates, so that no template can forget it.
 */
export const EXERCISE_MARKING = 'EXERCICE – EXERCICE – EXERCICE';

/**
 * - `block`: email text, Facebook post, public page text (a blank line around the body)
 * - `compact`: SMS, X, Mastodon and Bluesky, where every character counts (one line break)
 * - `line`: subject and page title, which must stay on one line
 * - `html`: a visible banner above and below the HTML body
 */
export type MarkingForm = 'block' | 'compact' | 'line' | 'html';

const HTML_BANNER = `<p style="margin:12px 0;padding:8px;border:2px solid #c00;color:#c00;font-weight:bold;text-align:center">${EXERCISE_MARKING}</p>`;

export function applyExerciseMarking(text: string, form: MarkingForm = 'block'): string {
  switch (form) {
    case 'line':
      return `${EXERCISE_MARKING} | ${text} | ${EXERCISE_MARKING}`;
    case 'compact':
      return `${EXERCISE_MARKING}\n${text}\n${EXERCISE_MARKING}`;
    case 'html':
      return `${HTML_BANNER}\n${text}\n${HTML_BANNER}`;
    case 'block':
      return `${EXERCISE_MARKING}\n\n${text}\n\n${EXERCISE_MARKING}`;
  }
}
