/**
 * The visual card of a public bulletin, as an SVG drawn from the bulletin's facts. Pure: the width
 * of a text in the card's font is given by the caller (`measure`), the time is a fact of the
 * bulletin. SVG has no line wrapping: lines are cut here, and what still does not fit ends in "…".
 */

export const CARD_FORMATS = {
  /** Instagram's square. */
  square: { width: 1080, height: 1080 },
  /** 16:9, what X, Facebook, Mastodon and Bluesky show whole in a timeline. */
  landscape: { width: 1200, height: 675 },
} as const;
export type CardFormat = keyof typeof CARD_FORMATS;
export const isCardFormat = (v: string): v is CardFormat => v === 'square' || v === 'landscape';

export interface CardFacts {
  /** "Préfecture des Vosges". */
  prefecture: string;
  /** The event kind in French: "Inondation". */
  kindLabel: string;
  /** The bulletin's headline (the event's title). */
  headline: string;
  /** When the bulletin was dispatched. */
  at: Date;
  exercise: boolean;
}

export type FontWeight = 400 | 700;
/** Width in pixels of `text` set in the card's font at `size` px. */
export type Measure = (text: string, size: number, weight: FontWeight) => number;

export const CARD_FONT_FAMILY = 'Inter';
const BLUE = '#000091';
const RED = '#c9191e';
const EXERCISE_WORD = 'EXERCICE';

interface Layout {
  margin: number;
  band: number;
  prefectureSize: number;
  kindSize: number;
  headlineSize: number;
  headlineLines: number;
  timeSize: number;
}

const LAYOUTS: Record<CardFormat, Layout> = {
  square: { margin: 72, band: 150, prefectureSize: 40, kindSize: 46, headlineSize: 76, headlineLines: 6, timeSize: 34 },
  landscape: { margin: 64, band: 110, prefectureSize: 34, kindSize: 38, headlineSize: 58, headlineLines: 4, timeSize: 28 },
};

/**
 * Cuts `text` into at most `maxLines` lines that each `fits`: by words, a word wider than a
 * line by characters; the last line ends in "…" when text is left over.
 */
export function wrapText(text: string, maxLines: number, fits: (line: string) => boolean): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const lines: string[] = [];
  let current = '';
  let rest = words;
  while (rest.length > 0 && lines.length < maxLines) {
    const word = rest[0];
    const candidate = current ? `${current} ${word}` : word;
    if (fits(candidate)) {
      current = candidate;
      rest = rest.slice(1);
    } else if (current) {
      lines.push(current);
      current = '';
    } else {
      // One word wider than the line (a long compound name): cut it after its last hyphen that fits, else where it stops fitting.
      const chars = [...word];
      let n = 1;
      while (n < chars.length && fits(chars.slice(0, n + 1).join(''))) n++;
      const hyphen = chars.slice(0, n).lastIndexOf('-');
      if (hyphen > 0) n = hyphen + 1;
      lines.push(chars.slice(0, n).join(''));
      rest = [chars.slice(n).join(''), ...rest.slice(1)];
    }
  }
  if (current && lines.length < maxLines) lines.push(current);
  else if (current) rest = [current, ...rest];
  if (rest.length === 0 || lines.length === 0) return lines;
  // Text left over: the last line gives way to an ellipsis.
  let last = lines[lines.length - 1];
  while (last.length > 0 && !fits(`${last}…`)) last = [...last].slice(0, -1).join('').trimEnd();
  lines[lines.length - 1] = `${last.replace(/[\s,;:.–-]+$/, '')}…`;
  return lines;
}

/**
 * What a screen reader says for the card: always set, the kind and the headline (and the exercise).
 * The same words on every post and on the public page, which shows the time beside the card.
 */
export function cardAltText(f: Omit<CardFacts, 'at'>): string {
  return `${f.exercise ? `${EXERCISE_WORD} – ` : ''}${f.kindLabel} : ${f.headline.replace(/\s+/g, ' ').trim()}. ${f.prefecture}.`;
}

/** Where the public reads a bulletin's card: `/public/cards/{message}/{square|landscape}.png`, or `square.jpg`. */
export function cardPath(messageId: string, format: CardFormat, type: 'png' | 'jpg' = 'png'): string {
  return `/public/cards/${encodeURIComponent(messageId)}/${format}.${type}`;
}

/** "6 décembre 2026 à 15:22", Paris time. */
export function cardTime(at: Date): string {
  const parts = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')} à ${get('hour')} h ${get('minute')}`;
}

export function cardSvg(f: CardFacts, format: CardFormat, measure: Measure): string {
  const { width, height } = CARD_FORMATS[format];
  const l = LAYOUTS[format];
  const inner = width - 2 * l.margin;
  const oneLine = (text: string, size: number, weight: FontWeight, room = inner) => wrapText(text, 1, (s) => measure(s, size, weight) <= room)[0] ?? '';
  // In an exercise the band's right end holds the EXERCICE badge.
  const prefecture = oneLine(f.prefecture, l.prefectureSize, 700, f.exercise ? inner - 260 : inner);
  const kind = oneLine(f.kindLabel.toLocaleUpperCase('fr-FR'), l.kindSize, 700);
  const time = oneLine(`Bulletin du ${cardTime(f.at)}`, l.timeSize, 400);
  const exerciseBand = f.exercise ? Math.round(l.band * 0.6) : 0;
  const footer = l.timeSize * 2 + exerciseBand;
  const top = l.band + l.kindSize * 2.4;
  const lineHeight = Math.round(l.headlineSize * 1.18);
  // As many headline lines as the room between the kind and the footer holds, at most the layout's.
  const room = Math.max(1, Math.min(l.headlineLines, Math.floor((height - top - footer - l.margin / 2) / lineHeight)));
  const headline = wrapText(f.headline, room, (s) => measure(s, l.headlineSize, 700) <= inner);
  const text = (x: number, y: number, size: number, weight: FontWeight, fill: string, content: string, anchor = 'start') =>
    `<text x="${x}" y="${y}" font-family="${CARD_FONT_FAMILY}" font-size="${size}" font-weight="${weight}" fill="${fill}" text-anchor="${anchor}">${escapeXml(content)}</text>`;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<rect width="${width}" height="${l.band}" fill="${BLUE}"/>`,
    `<rect x="0" y="${l.band}" width="${Math.round(width / 3)}" height="8" fill="${BLUE}"/><rect x="${Math.round(width / 3)}" y="${l.band}" width="${Math.round(width / 3)}" height="8" fill="#f5f5fe"/><rect x="${Math.round((2 * width) / 3)}" y="${l.band}" width="${width - Math.round((2 * width) / 3)}" height="8" fill="${RED}"/>`,
    text(l.margin, Math.round(l.band / 2 + l.prefectureSize * 0.36), l.prefectureSize, 700, '#ffffff', prefecture),
    text(l.margin, Math.round(l.band + l.kindSize * 1.9), l.kindSize, 700, BLUE, kind),
    ...headline.map((line, i) => text(l.margin, Math.round(top + l.headlineSize + i * lineHeight), l.headlineSize, 700, '#161616', line)),
    text(l.margin, height - exerciseBand - Math.round(l.timeSize * 1.1), l.timeSize, 400, '#3a3a3a', time),
  ];
  if (f.exercise) {
    const y = height - exerciseBand;
    parts.push(`<rect x="0" y="${y}" width="${width}" height="${exerciseBand}" fill="${RED}"/>`);
    parts.push(text(width / 2, Math.round(y + exerciseBand / 2 + l.kindSize * 0.36), l.kindSize, 700, '#ffffff', `${EXERCISE_WORD} – ${EXERCISE_WORD} – ${EXERCISE_WORD}`, 'middle'));
    parts.push(`<rect x="${width - 260}" y="${Math.round(l.band / 2 - 28)}" width="${260 - l.margin / 2}" height="56" rx="6" fill="${RED}"/>`);
    parts.push(text(width - 130 - l.margin / 4, Math.round(l.band / 2 + 12), 32, 700, '#ffffff', EXERCISE_WORD, 'middle'));
  }
  parts.push('</svg>');
  return parts.join('\n');
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
