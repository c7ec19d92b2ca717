import { parseTweet } from './twitter-text';

import { X_MAX_WEIGHTED_LENGTH } from './message-channels';

export interface XPostStats {
  /** X's own count: most Latin characters weigh 1, CJK and emoji 2, any link 23. */
  weightedLength: number;
  /** Within 280 and accepted by X's rules (no invalid characters). */
  valid: boolean;
}

export function xPostStats(text: string): XPostStats {
  const parsed = parseTweet(text);
  return { weightedLength: parsed.weightedLength, valid: parsed.valid && parsed.weightedLength <= X_MAX_WEIGHTED_LENGTH };
}
