import { isPostChannel, type ChannelName } from './channel-catalogue';
import { EXERCISE_MARKING } from '../messages/exercise-marking';

/**
 * Invariant 4, in one place: an exercise never reaches the real public. Every
 * send passes here, below the delivery worker and above every adapter.
 */
export type GatedChannel = ChannelName;

export interface GateInput {
  channel: GatedChannel;
  exercise: boolean;
  text: string;
  exerciseParticipant?: boolean;
  /** Public posts: a sandbox account for exercises is configured. */
  exerciseAccountConfigured: boolean;
}

export type GateDecision =
  /** Send through the channel's real adapter (itself in sandbox mode when not configured). */
  | { route: 'live' }
  /** Send through the exercise (sandbox) account of a public post channel. */
  | { route: 'exercise-account' }
  /** Kept back on purpose: recorded as sandboxed. */
  | { route: 'sandboxed'; reason: string }
  /** A defect upstream: never sent, never retried. */
  | { route: 'refused'; reason: string };

export const NON_PARTICIPANT = 'exercice : destinataire non participant';
export const NO_EXERCISE_ACCOUNT = "exercice : pas de compte d'exercice configuré pour ce réseau";
export const NO_EXERCISE_WEBHOOK = "exercice : le webhook n'est jamais appelé en exercice";
export const UNMARKED_EXERCISE = `message d'exercice sans la mention « ${EXERCISE_MARKING} » : refusé`;

export function exerciseGate(input: GateInput): GateDecision {
  if (!input.exercise) return { route: 'live' };
  // Rendering adds the marking; if it is missing, something upstream is broken and nothing may leave.
  if (!input.text.includes(EXERCISE_MARKING)) return { route: 'refused', reason: UNMARKED_EXERCISE };
  // Every public post (X, Facebook, Instagram, Mastodon, Bluesky) goes to its exercise account or nowhere.
  if (isPostChannel(input.channel)) return input.exerciseAccountConfigured ? { route: 'exercise-account' } : { route: 'sandboxed', reason: NO_EXERCISE_ACCOUNT };
  switch (input.channel) {
    case 'email':
    case 'sms':
      // Only an explicit `true` lets it through: an unknown participation is not a participation.
      return input.exerciseParticipant === true ? { route: 'live' } : { route: 'sandboxed', reason: NON_PARTICIPANT };
    case 'webhook':
      return { route: 'sandboxed', reason: NO_EXERCISE_WEBHOOK };
    case 'public_page':
      // Our own page shows the exercise banner from the stored message: it is the exercise's page.
      return { route: 'live' };
    default:
      return { route: 'refused', reason: `unknown channel ${String((input as { channel: unknown }).channel)}` };
  }
}
