import { describeInputProblem, findInputProblem, MAX_INPUT_DEPTH } from './edge-input';

const nested = (depth: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

describe('findInputProblem: what PostgreSQL cannot store, found at the edge', () => {
  it.each([
    ['plain French text', { title: 'Crue de la Moselle — Épinal' }, null],
    ['an emoji (a valid surrogate pair)', { title: 'Alerte 🔥' }, null],
    ['a NUL in a field', { title: 'a\u0000b' }, { path: 'title', problem: 'nul' }],
    ['a NUL deep in a list', { communes: ['88160', 'x\u0000'] }, { path: 'communes[1]', problem: 'nul' }],
    ['a lone high surrogate', { displayName: 'a\ud800' }, { path: 'displayName', problem: 'surrogate' }],
    ['a lone low surrogate', { displayName: '\udc00b' }, { path: 'displayName', problem: 'surrogate' }],
    ['a NUL in a key', { ['ti\u0000tle']: 'x' }, { path: 'ti?tle', problem: 'nul' }],
    ['numbers, booleans and null pass', { a: 1, b: true, c: null }, null],
    [`nesting of ${MAX_INPUT_DEPTH} levels passes`, nested(MAX_INPUT_DEPTH), null],
    [`nesting of ${MAX_INPUT_DEPTH + 1} levels is refused`, nested(MAX_INPUT_DEPTH + 1), { path: '' + '[0]'.repeat(MAX_INPUT_DEPTH), problem: 'depth' }],
  ])('%s', (_name, value, expected) => {
    expect(findInputProblem(value, '')).toEqual(expected);
  });

  it('walks 5,000 levels without overflowing the stack', () => {
    expect(findInputProblem(nested(5000), 'body')?.problem).toBe('depth');
  });

  it('names the field and says what to do', () => {
    expect(describeInputProblem({ path: 'title', problem: 'nul' })).toBe('"title" contains a NUL character (\\u0000), which cannot be stored: remove it and send again.');
    expect(describeInputProblem({ path: 'q', problem: 'surrogate' })).toMatch(/^"q" contains an invalid character/);
  });
});
