import { MAX_PROGRESS_INTERVAL_MS, PROGRESS_INTERVAL_MS, progressInterval } from './progress-interval.policy';

describe('interval between two counts of a message’s progress', () => {
  it.each([
    // why, the last count took (ms), the next may start (ms after the last started)
    ['a bulletin to a department (2 ms): the floor', 2, PROGRESS_INTERVAL_MS],
    ['exactly at the floor', 12.5, PROGRESS_INTERVAL_MS],
    ['just above it: twenty times the count', 13, 260],
    ['the national queue read quietly (30 ms)', 30, 600],
    ['the national queue under two workers (100 ms)', 100, 2000],
    ['a database that stalls: the bars still move every 3 s', 400, MAX_PROGRESS_INTERVAL_MS],
    ['a count that failed at once', 0, PROGRESS_INTERVAL_MS],
  ])('%s', (_why, countMs, next) => {
    expect(progressInterval(countMs)).toBe(next);
  });
});
