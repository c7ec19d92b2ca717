import { fullBucket, take } from './rate-limit';

describe('token bucket', () => {
  const limit = { perSecond: 2, burst: 2 };

  it.each([
    // why, tokens before, ms since last, expected wait
    ['a full bucket sends at once', 2, 0, 0],
    ['one token left sends at once', 1, 0, 0],
    ['empty: waits half a second at 2/s', 0, 0, 500],
    ['empty but 250 ms passed: waits 250 ms', 0, 250, 250],
    ['a second passed refills two', 0, 1000, 0],
    ['refill never exceeds the burst', 2, 60_000, 0],
  ])('%s', (_why, tokens, elapsed, wait) => {
    expect(take({ tokens, at: 0 }, limit, elapsed).waitMs).toBe(wait);
  });

  it('three sends in a row at 2/s with a burst of 2: the third waits', () => {
    let b = fullBucket(limit, 0);
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = take(b, limit, 0);
      waits.push(r.waitMs);
      b = r.bucket;
    }
    expect(waits).toEqual([0, 0, 500]);
  });
});
