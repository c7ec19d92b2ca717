import { heapGrowthGiven } from './heap-growth.config';

describe('heapGrowthGiven', () => {
  it.each([
    ['nothing given', [], '', false],
    ['on the command line', ['--heap-growing-percent=20'], '', true],
    ['on the command line, with underscores', ['--heap_growing_percent=20'], '', true],
    ['in NODE_OPTIONS among others', [], '--enable-source-maps --heap-growing-percent=0', true],
    ['other heap flags only', ['--max-semi-space-size=16'], '--max-old-space-size=512', false],
  ])('%s', (_what, execArgv, nodeOptions, expected) => {
    expect(heapGrowthGiven(execArgv, nodeOptions)).toBe(expected);
  });
});
