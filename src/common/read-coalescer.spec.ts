import { ReadCoalescer } from './read-coalescer';

/** A query whose answer the test gives when it wants. */
function pending<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('ReadCoalescer', () => {
  it('gives reads that arrive while a query runs its answer, and asks once', async () => {
    const c = new ReadCoalescer<number>();
    const q = pending<number>();
    const query = jest.fn(() => q.promise);
    const reads = [c.read('e1', query), c.read('e1', query), c.read('e1', query)];
    q.resolve(7);
    expect(await Promise.all(reads)).toEqual([7, 7, 7]);
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('never keeps a finished answer: the next read asks again', async () => {
    const c = new ReadCoalescer<number>();
    let n = 0;
    expect(await c.read('e1', async () => ++n)).toBe(1);
    expect(await c.read('e1', async () => ++n)).toBe(2);
  });

  it('does not mix keys', async () => {
    const c = new ReadCoalescer<string>();
    const [a, b] = await Promise.all([c.read('e1', async () => 'one'), c.read('e2', async () => 'two')]);
    expect([a, b]).toEqual(['one', 'two']);
  });

  it('after a change, a new read starts its own query; those already waiting keep theirs', async () => {
    const c = new ReadCoalescer<string>();
    const before = pending<string>();
    const first = c.read('e1', () => before.promise);
    c.invalidate('e1');
    const after = c.read('e1', async () => 'after the change');
    // A read after the invalidation shares the new query, not the old one.
    const again = c.read('e1', async () => 'a third query');
    before.resolve('before the change');
    expect(await first).toBe('before the change');
    expect(await after).toBe('after the change');
    expect(await again).toBe('after the change');
  });

  it('after a change to any key, every new read starts its own query', async () => {
    const c = new ReadCoalescer<string>();
    const one = pending<string>();
    const two = pending<string>();
    const first = [c.read('s1', () => one.promise), c.read('s2', () => two.promise)];
    c.invalidateAll();
    const after = [c.read('s1', async () => 's1 after'), c.read('s2', async () => 's2 after')];
    one.resolve('s1 before');
    two.resolve('s2 before');
    expect(await Promise.all(first)).toEqual(['s1 before', 's2 before']);
    expect(await Promise.all(after)).toEqual(['s1 after', 's2 after']);
  });

  it('shares a failure with those waiting, and the next read asks again', async () => {
    const c = new ReadCoalescer<number>();
    const q = pending<number>();
    const reads = [c.read('e1', () => q.promise), c.read('e1', () => q.promise)];
    q.reject(new Error('connection lost'));
    for (const r of reads) await expect(r).rejects.toThrow('connection lost');
    expect(await c.read('e1', async () => 3)).toBe(3);
  });

  describe('keeping finished answers (keepFor)', () => {
    const clock = () => {
      let t = 1_000;
      return { now: () => t, advance: (ms: number) => (t += ms) };
    };

    it.each([
      ['within its span', 9_999, 'kept'],
      ['at the end of its span', 10_000, 'asked again'],
      ['past its span', 60_000, 'asked again'],
    ])('answers %s', async (_what, after, expected) => {
      const c = clock();
      const coalescer = new ReadCoalescer<string>(() => 10_000, c.now);
      await coalescer.read('a', async () => 'kept');
      c.advance(after);
      expect(await coalescer.read('a', async () => 'asked again')).toBe(expected);
    });

    it('forgets everything on a change, and does not keep an answer whose query started before it', async () => {
      const coalescer = new ReadCoalescer<string>(() => 10_000, clock().now);
      await coalescer.read('a', async () => 'old');
      const before = pending<string>();
      const readBefore = coalescer.read('b', () => before.promise);
      coalescer.invalidateAll();
      expect(await coalescer.read('a', async () => 'asked again')).toBe('asked again');
      before.resolve('read before the change');
      expect(await readBefore).toBe('read before the change');
      await coalescer.read('b', async () => 'read after');
      expect(await coalescer.read('b', async () => 'not asked')).toBe('read after');
    });

    it.each([0, -5, Number.NaN])('keeps nothing for a span of %p ms', async (span) => {
      const coalescer = new ReadCoalescer<string>(() => span, clock().now);
      await coalescer.read('a', async () => 'x');
      expect(await coalescer.read('a', async () => 'asked again')).toBe('asked again');
    });
  });
});
