import { cellReadiness, escalationDueAt, memberForRound, nextEscalation } from './escalation.policy';

const settings = { minutes: 10, rounds: 3 };

describe('escalationDueAt', () => {
  it.each([
    ['ten minutes after the page', '2026-11-28T02:10:00.000Z', 10, '2026-11-28T02:20:00.000Z'],
    ['real minutes across the spring change (01:55 Paris + 10 min = 03:05 Paris)', '2026-03-29T00:55:00.000Z', 10, '2026-03-29T01:05:00.000Z'],
    ['across midnight at a month end', '2026-01-31T22:55:00.000Z', 10, '2026-01-31T23:05:00.000Z'],
  ])('%s', (_why, pagedAt, minutes, expected) => {
    expect(escalationDueAt(new Date(pagedAt), { minutes, rounds: 3 }).toISOString()).toBe(expected);
  });
});

describe('nextEscalation', () => {
  it.each<[string, number, boolean, string[], ReturnType<typeof nextEscalation>]>([
    ['acknowledged: nothing more', 1, true, ['a', 'b'], { kind: 'acknowledged' }],
    ['round 1 unanswered: the backup', 1, false, ['a', 'b', 'c'], { kind: 'page', round: 2, memberId: 'b' }],
    ['round 2 unanswered: the second backup', 2, false, ['a', 'b', 'c'], { kind: 'page', round: 3, memberId: 'c' }],
    ['a chain of two wraps round to the on-call member', 2, false, ['a', 'b'], { kind: 'page', round: 3, memberId: 'a' }],
    ['nobody else: the on-call member is paged again', 1, false, ['a'], { kind: 'page', round: 2, memberId: 'a' }],
    ['the last escalation round (3 after the first page)', 3, false, ['a', 'b', 'c'], { kind: 'page', round: 4, memberId: 'a' }],
    ['after the last round: exhausted', 4, false, ['a', 'b', 'c'], { kind: 'exhausted', rounds: 3 }],
    ['acknowledged wins even after the last round', 4, true, ['a'], { kind: 'acknowledged' }],
  ])('%s', (_why, round, acked, chain, expected) => {
    expect(nextEscalation({ round, roleAcknowledged: acked, chain }, settings)).toEqual(expected);
  });

  it('with 0 rounds configured, never escalates', () => {
    expect(nextEscalation({ round: 1, roleAcknowledged: false, chain: ['a', 'b'] }, { minutes: 10, rounds: 0 })).toEqual({ kind: 'exhausted', rounds: 0 });
  });

  it('refuses an empty chain and a round below 1', () => {
    expect(() => memberForRound([], 1)).toThrow(RangeError);
    expect(() => memberForRound(['a'], 0)).toThrow(RangeError);
  });
});

describe('cellReadiness', () => {
  it.each<[string, string[], string[], boolean, string[]]>([
    ['every required role acknowledged', ['chief', 'writer'], ['writer', 'chief', 'cip'], true, []],
    ['one role missing', ['chief', 'writer', 'press'], ['chief', 'press'], false, ['writer']],
    ['nothing acknowledged', ['chief'], [], false, ['chief']],
    ['no required role: ready at once', [], [], true, []],
  ])('%s', (_why, required, acked, ready, missing) => {
    expect(cellReadiness(required, acked)).toEqual({ ready, missing });
  });
});
