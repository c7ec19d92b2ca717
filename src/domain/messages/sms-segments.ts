/**
 * How many SMS a text costs. A text made only of GSM 03.38 characters travels
 * as 7-bit units (160 in one SMS, 153 per part once split, the rest carries the
 * concatenation header); one character outside that alphabet switches the whole
 * text to UCS-2 (70, then 67 per part). Gateways bill per part, so the preview
 * and the template check show this number.
 */
const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Sent as an escape plus a character: two units each. */
const GSM_EXTENSION = '\f^{}\\[~]|€';

const basic = new Set([...GSM_BASIC]);
const extension = new Set([...GSM_EXTENSION]);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsStats {
  encoding: SmsEncoding;
  /** GSM-7 septets, or UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
  /** Units one segment holds at this length: 160/70 for a single SMS, 153/67 once split. */
  perSegment: number;
}

export const isGsm7 = (text: string): boolean => [...text].every((c) => basic.has(c) || extension.has(c));

/**
 * A character is never cut across two parts (an escape pair in GSM-7, a
 * surrogate pair in UCS-2), so parts are packed character by character rather
 * than by dividing the total.
 */
function pack(costs: number[], single: number, multi: number): { units: number; segments: number; perSegment: number } {
  const units = costs.reduce((a, b) => a + b, 0);
  if (units === 0) return { units, segments: 0, perSegment: single };
  if (units <= single) return { units, segments: 1, perSegment: single };
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > multi) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { units, segments, perSegment: multi };
}

export function smsSegments(text: string): SmsStats {
  const chars = [...text];
  if (isGsm7(text)) {
    return {
      encoding: 'GSM-7',
      ...pack(
        chars.map((c) => (extension.has(c) ? 2 : 1)),
        160,
        153,
      ),
    };
  }
  return {
    encoding: 'UCS-2',
    ...pack(
      chars.map((c) => c.length),
      70,
      67,
    ),
  };
}
