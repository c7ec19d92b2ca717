import type { OutboundMessage } from '../../src/modules/channels/channel-adapter.types';
import { EXERCISE_MARKING } from '../../src/domain/messages/exercise-marking';

let seq = 0;

/** A message as the delivery worker hands it over; `exercise: true` adds the marking the renderer would. */
export function outbound(over: Partial<OutboundMessage> = {}): OutboundMessage {
  const n = ++seq;
  const marker = `[PREF88-B${n}-1405]`;
  const exercise = over.exercise ?? false;
  const body = `Crue de la Moselle à Épinal : évitez les berges. ${marker}`;
  return {
    reference: `dlv-${n}-${Date.now()}`,
    channel: 'email',
    subject: `Crue de la Moselle ${marker}`,
    text: exercise ? `${EXERCISE_MARKING}\n${body}\n${EXERCISE_MARKING}` : body,
    marker,
    exercise,
    eventId: 'evt-1',
    ...over,
  };
}
