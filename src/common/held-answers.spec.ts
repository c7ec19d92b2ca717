import { HeldAnswers } from './held-answers';

describe('HeldAnswers', () => {
  const clock = () => {
    let t = 1_000;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  };

  it.each([
    ['within its span', 9_999, 'kept'],
    ['at the end of its span', 10_000, undefined],
    ['past its span', 60_000, undefined],
  ])('answers %s', (_what, after, expected) => {
    const c = clock();
    const held = new HeldAnswers<string>(c.now);
    held.keep('a', 'kept', 10_000, held.ticket());
    c.advance(after);
    expect(held.get('a')).toBe(expected);
  });

  it('forgets everything on a change, and does not keep an answer whose query started before it', () => {
    const held = new HeldAnswers<string>(clock().now);
    held.keep('a', 'old', 10_000, held.ticket());
    const before = held.ticket();
    held.forgetAll();
    expect(held.get('a')).toBeUndefined();
    held.keep('b', 'read before the change', 10_000, before);
    expect(held.get('b')).toBeUndefined();
    held.keep('b', 'read after', 10_000, held.ticket());
    expect(held.get('b')).toBe('read after');
  });

  it.each([0, -5, Number.NaN])('keeps nothing for a span of %p ms', (span) => {
    const held = new HeldAnswers<string>(clock().now);
    held.keep('a', 'x', span, held.ticket());
    expect(held.get('a')).toBeUndefined();
  });
});
