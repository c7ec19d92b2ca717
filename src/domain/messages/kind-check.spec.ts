import { analyseKind } from './kind-check';
import { bulletLines } from './template-helpers';

const HEADER = ['{{!--', 'kind: flood', 'version: 1', 'approvedBy: Mme Claire Vautrin', 'approvedAt: 2025-01-20', '--}}'];
const BODY_LINE = HEADER.length + 1;
const LABEL = '{{#*inline "kindLabel"}}Inondation{{/inline}}';
const ADVICE = ['{{#*inline "advice"}}', 'Ne descendez pas dans les sous-sols.', "N'allez pas chercher vos enfants à l'école.", '{{/inline}}'];
const SHORT = '{{#*inline "shortAdvice"}}Montez dans les étages.{{/inline}}';

/** A kind file: header, then body lines (line BODY_LINE onwards). */
const kind = (body: string[], header = HEADER) => [...header, ...body].join('\n') + '\n';
const sound = [LABEL, ...ADVICE, SHORT];

describe('analyseKind', () => {
  it('reads a sound wording: its three partials, their lines and the variables they use', () => {
    const a = analyseKind(kind(sound), 'kinds/flood.hbs');
    expect(a.problems).toEqual([]);
    expect(a.header).toMatchObject({ kind: 'flood', version: 1, approvedBy: 'Mme Claire Vautrin', approvedAt: '2025-01-20', vars: [] });
    expect([...a.inlines].map(([name, p]) => [name, p.line, [...p.uses]])).toEqual([
      ['kindLabel', BODY_LINE, []],
      ['advice', BODY_LINE + 1, []],
      ['shortAdvice', BODY_LINE + 5, []],
    ]);
  });

  it('lets a partial print a declared variable', () => {
    const header = [...HEADER.slice(0, -1), 'vars:', '  eventKindLabel: string max 40', '--}}'];
    const a = analyseKind(kind(['{{#*inline "kindLabel"}}{{eventKindLabel}}{{/inline}}', ...ADVICE, SHORT], header), 'kinds/generic.hbs');
    expect(a.problems).toEqual([]);
    expect([...a.inlines.get('kindLabel')!.uses]).toEqual(['eventKindLabel']);
  });

  it.each([
    ['a missing partial', [LABEL, ...ADVICE], BODY_LINE, 'does not define {{#*inline "shortAdvice"}}'],
    ['an unknown partial', [...sound, '{{#*inline "footer"}}x{{/inline}}'], BODY_LINE + 6, 'unknown partial "footer"'],
    ['a partial defined twice', [...sound, LABEL], BODY_LINE + 6, '"kindLabel" is defined twice (first at line 7)'],
    ['text outside any partial', [...sound, 'Préfecture des Vosges'], BODY_LINE + 5, 'is outside any {{#*inline}}: it would never be printed'],
    ['a value outside any partial', [...sound, '{{eventTitle}}'], BODY_LINE + 6, 'only {{#*inline "name"}} ... {{/inline}} blocks belong here'],
    ['an undeclared variable', ['{{#*inline "kindLabel"}}Crue {{eventTitle}}{{/inline}}', ...ADVICE, SHORT], BODY_LINE, 'uses eventTitle, which the header does not declare'],
    ['a partial inside a partial', ['{{#*inline "kindLabel"}}{{> shortAdvice}}{{/inline}}', ...ADVICE, SHORT], BODY_LINE, "a kind's partial cannot print another partial"],
    ['markup in the wording', [LABEL, '{{#*inline "advice"}}', 'Ne descendez <b>pas</b>.', '{{/inline}}', SHORT], BODY_LINE + 1, 'write it without <, > or &'],
    ['a one-line partial on two lines', [LABEL, ...ADVICE, '{{#*inline "shortAdvice"}}', 'Montez.', '{{/inline}}'], BODY_LINE + 5, '"shortAdvice" is printed within a line'],
    ['HTML paragraphs in a wording printed as text too', ['{{#*inline "kindLabel"}}{{paragraphs facts}}{{/inline}}', ...ADVICE, SHORT], BODY_LINE, 'use it only in html parts'],
    ['a broken block', [LABEL, ...ADVICE, '{{#*inline "shortAdvice"}}Montez.'], BODY_LINE + 6, 'does not compile'],
  ])('reports %s with its line', (_label, body, line, why) => {
    const a = analyseKind(kind(body), 'kinds/flood.hbs');
    expect(a.problems).toEqual(expect.arrayContaining([{ file: 'kinds/flood.hbs', line, why: expect.stringContaining(why) }]));
  });

  it.each([
    ['no approval', HEADER.filter((l) => !l.startsWith('approvedBy')), 1, 'the header has no approvedBy'],
    ['a kind that is not an identifier', HEADER.map((l) => (l.startsWith('kind') ? 'kind: Forest Fire' : l)), 2, 'must be lower case letters'],
    ['a layout field', [...HEADER.slice(0, -1), 'channel: x', '--}}'], 6, 'unknown header field "channel"'],
  ])('reports a header with %s', (_label, header, line, why) => {
    const a = analyseKind(kind(sound, header), 'kinds/flood.hbs');
    expect(a.problems).toEqual(expect.arrayContaining([{ file: 'kinds/flood.hbs', line, why: expect.stringContaining(why) }]));
  });
});

describe('bulletLines', () => {
  it.each([
    ['text', false, '- Un.\n- Deux.'],
    ['HTML', true, '<li>Un.</li>\n<li>Deux.</li>'],
  ])('makes each non-blank line an item in %s', (_label, html, expected) => {
    expect(bulletLines('\n  Un.\n\nDeux.  \n', html)).toBe(expected);
  });
});
