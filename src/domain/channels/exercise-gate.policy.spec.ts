import { EXERCISE_MARKING } from '../messages/exercise-marking';
import { exerciseGate, GateDecision, GateInput, NO_EXERCISE_ACCOUNT, NO_EXERCISE_WEBHOOK, NON_PARTICIPANT, UNMARKED_EXERCISE } from './exercise-gate.policy';

const marked = `${EXERCISE_MARKING}\nCrue de la Moselle\n${EXERCISE_MARKING}`;
const plain = 'Crue de la Moselle';

describe('exerciseGate', () => {
  it.each<[string, Partial<GateInput> & Pick<GateInput, 'channel'>, GateDecision]>([
    ['a real email goes out', { channel: 'email', exercise: false, text: plain }, { route: 'live' }],
    ['a real SMS goes out, participant or not', { channel: 'sms', exercise: false, text: plain, exerciseParticipant: false }, { route: 'live' }],
    ['a real X post goes to the real account even when an exercise account exists', { channel: 'x', exercise: false, text: plain, exerciseAccountConfigured: true }, { route: 'live' }],
    ['a real webhook call goes out', { channel: 'webhook', exercise: false, text: plain }, { route: 'live' }],
    ['exercise email to a participant', { channel: 'email', exercise: true, text: marked, exerciseParticipant: true }, { route: 'live' }],
    ['exercise email to a non-participant', { channel: 'email', exercise: true, text: marked, exerciseParticipant: false }, { route: 'sandboxed', reason: NON_PARTICIPANT }],
    ['exercise email, participation unknown', { channel: 'email', exercise: true, text: marked }, { route: 'sandboxed', reason: NON_PARTICIPANT }],
    ['exercise SMS to a participant', { channel: 'sms', exercise: true, text: marked, exerciseParticipant: true }, { route: 'live' }],
    ['exercise SMS to a non-participant', { channel: 'sms', exercise: true, text: marked, exerciseParticipant: false }, { route: 'sandboxed', reason: NON_PARTICIPANT }],
    ['exercise X post with an exercise account', { channel: 'x', exercise: true, text: marked, exerciseAccountConfigured: true }, { route: 'exercise-account' }],
    ['exercise X post without one', { channel: 'x', exercise: true, text: marked, exerciseAccountConfigured: false }, { route: 'sandboxed', reason: NO_EXERCISE_ACCOUNT }],
    ['exercise Facebook post with an exercise page', { channel: 'facebook', exercise: true, text: marked, exerciseAccountConfigured: true }, { route: 'exercise-account' }],
    ['exercise Facebook post without one', { channel: 'facebook', exercise: true, text: marked, exerciseAccountConfigured: false }, { route: 'sandboxed', reason: NO_EXERCISE_ACCOUNT }],
    ...(['instagram', 'mastodon', 'bluesky'] as const).flatMap((channel): [string, Partial<GateInput> & Pick<GateInput, 'channel'>, GateDecision][] => [
      [`a real ${channel} post goes to the real account even when an exercise account exists`, { channel, exercise: false, text: plain, exerciseAccountConfigured: true }, { route: 'live' }],
      [`exercise ${channel} post with an exercise account`, { channel, exercise: true, text: marked, exerciseAccountConfigured: true }, { route: 'exercise-account' }],
      [`exercise ${channel} post without one`, { channel, exercise: true, text: marked, exerciseAccountConfigured: false }, { route: 'sandboxed', reason: NO_EXERCISE_ACCOUNT }],
      [`exercise ${channel} post without marking`, { channel, exercise: true, text: plain, exerciseAccountConfigured: true }, { route: 'refused', reason: UNMARKED_EXERCISE }],
    ]),
    ['exercise webhook call', { channel: 'webhook', exercise: true, text: marked }, { route: 'sandboxed', reason: NO_EXERCISE_WEBHOOK }],
    ['exercise public page', { channel: 'public_page', exercise: true, text: marked }, { route: 'live' }],
    ['exercise without marking, even to a participant', { channel: 'email', exercise: true, text: plain, exerciseParticipant: true }, { route: 'refused', reason: UNMARKED_EXERCISE }],
    ['exercise without marking on the public page', { channel: 'public_page', exercise: true, text: plain }, { route: 'refused', reason: UNMARKED_EXERCISE }],
    ['exercise with only part of the marking', { channel: 'x', exercise: true, text: 'EXERCICE – EXERCICE', exerciseAccountConfigured: true }, { route: 'refused', reason: UNMARKED_EXERCISE }],
    ['an unknown channel in exercise', { channel: 'fax' as never, exercise: true, text: marked }, { route: 'refused', reason: 'unknown channel fax' }],
  ])('%s', (_why, input, expected) => {
    expect(exerciseGate({ exercise: false, exerciseAccountConfigured: false, ...input } as GateInput)).toEqual(expected);
  });
});
