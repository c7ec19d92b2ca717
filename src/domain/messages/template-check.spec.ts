import { POST_MAX_LENGTH } from './message-channels';
import { analyseTemplate, checkTemplate } from './template-check';
import { parseTemplateHeader } from './template-header';

/** A template source: header fields (line 2 onwards), declarations, then the body. */
function source(fields: Record<string, string | undefined>, vars: string[], body: string): string {
  const lines = ['{{!--'];
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) lines.push(`${k}: ${v}`);
  lines.push('vars:', ...vars.map((v) => `  ${v}`), '--}}');
  return `${lines.join('\n')}\n${body}`;
}

const header = (over: Record<string, string | undefined> = {}) => ({
  id: 'public.facebook',
  audience: 'public',
  channel: 'facebook',
  version: '1',
  approvedBy: 'Mme Claire Vautrin',
  approvedAt: '2025-01-20',
  ...over,
});
// 9 header lines (opening, 7 fields, vars:) precede the declarations.
const VARS = ['eventTitle: string max 80', 'nnip: string max 20 optional', 'marker: string max 20', 'communes: list max 50 items 100'];
const BODY_LINE = 9 + VARS.length + 1; // after the declarations and the closing line

describe('parseTemplateHeader', () => {
  it('reads every field and declaration with its line', () => {
    const parsed = parseTemplateHeader(source(header(), VARS, '{{eventTitle}} {{marker}}\n'));
    expect(parsed.problems).toEqual([]);
    expect(parsed.bodyLine).toBe(BODY_LINE);
    expect(parsed.header).toMatchObject({
      id: 'public.facebook',
      audience: 'public',
      channel: 'facebook',
      part: 'text',
      version: 1,
      approvedBy: 'Mme Claire Vautrin',
      approvedAt: '2025-01-20',
    });
    expect(parsed.header!.vars).toEqual([
      { name: 'eventTitle', type: 'string', max: 80, optional: false, line: 9 },
      { name: 'nnip', type: 'string', max: 20, optional: true, line: 10 },
      { name: 'marker', type: 'string', max: 20, optional: false, line: 11 },
      { name: 'communes', type: 'list', max: 50, items: 100, optional: false, line: 12 },
    ]);
  });

  it.each([
    ['a missing approvedBy', header({ approvedBy: undefined }), VARS, 1, 'the header has no approvedBy'],
    ['a missing approvedAt', header({ approvedAt: undefined }), VARS, 1, 'the header has no approvedAt'],
    ['a missing version', header({ version: undefined }), VARS, 1, 'the header has no version'],
    ['a bad date', header({ approvedAt: '2025-02-30' }), VARS, 7, 'is not a date'],
    ['a bad version', header({ version: 'v2' }), VARS, 5, 'version "v2" must be a whole number'],
    ['an unknown audience', header({ audience: 'citizens' }), VARS, 3, 'unknown audience "citizens"'],
    ['an id that does not match', header({ id: 'public.x' }), VARS, 2, 'expected "public.facebook"'],
    ['an email part missing', header({ channel: 'email', audience: 'elected', id: 'elected.email.text' }), VARS, 4, 'needs "part: subject | html | text"'],
    ['an SMS without maxSegments', header({ channel: 'sms', audience: 'elected', id: 'elected.sms' }), VARS, 4, 'needs "maxSegments'],
    ['an unknown field', { ...header(), colour: 'blue' }, VARS, 8, 'unknown header field "colour"'],
    ['an unknown variable', header(), [...VARS, 'weather: string max 10'], 13, 'weather is not a message variable'],
    ['a wrong type', header(), ['eventTitle: list max 10 items 2'], 9, 'eventTitle is a string, not a list'],
    ['a list without items', header(), ['communes: list max 50'], 9, 'a list needs a maximum number of items'],
    ['no maximum', header(), ['eventTitle: string'], 9, 'no maximum length'],
    ['nnip not optional', header(), ['nnip: string max 20'], 9, 'declare it optional'],
    ['a required variable made optional', header(), ['eventTitle: string max 80 optional'], 9, 'remove "optional"'],
  ])('reports %s', (_label, fields, vars, line, why) => {
    const { problems } = parseTemplateHeader(source(fields, vars, '{{marker}}\n'));
    expect(problems).toEqual(expect.arrayContaining([{ line, why: expect.stringContaining(why) }]));
  });
});

describe('checkTemplate', () => {
  const file = 'layouts/public.facebook.hbs';
  const ok = (body: string, fields = header(), vars = VARS) => source(fields, vars, body);

  it('passes a sound template', () => {
    expect(
      checkTemplate(ok('{{eventTitle}}\n{{#if nnip}}Numéro : {{nnip}}{{/if}}\n{{#each communes}}{{this}}{{#unless @last}}, {{/unless}}{{/each}}\n{{join communes limit=3}}\n{{marker}}\n'), file),
    ).toEqual([]);
  });

  it.each([
    ['no header at all', 'Bonjour {{eventTitle}}\n', 1, 'must start with a header block'],
    ['a header never closed', '{{!--\nid: x\nBonjour\n', 1, 'never closed'],
    ['an unclosed block', ok('{{marker}}\n{{#if nnip}}\n{{nnip}}\n'), BODY_LINE + 3, 'does not compile: a block is not closed'],
    ['a broken mustache', ok('{{marker}}\n\n{{eventTitle}\n'), BODY_LINE + 2, 'does not compile'],
    ['a mismatched close', ok('{{marker}}\n{{#if nnip}}{{nnip}}{{/each}}\n'), BODY_LINE + 1, "does not compile: if doesn't match each"],
    ['an undeclared variable', ok('{{marker}}\n\n{{facts}}\n'), BODY_LINE + 2, 'uses facts, which the header does not declare'],
    ['an undeclared variable in a condition', ok('{{marker}}\n{{#if instructions}}x{{/if}}\n'), BODY_LINE + 1, 'uses instructions'],
    ['an optional variable outside its guard', ok('{{marker}}\nNuméro : {{nnip}}\n'), BODY_LINE + 1, 'nnip can be absent: use it inside {{#if nnip}}'],
    ['an unknown helper', ok('{{marker}}\n{{upper eventTitle}}\n'), BODY_LINE + 1, 'unknown helper "upper"'],
    ['an unknown block helper', ok('{{marker}}\n{{#with eventTitle}}x{{/with}}\n'), BODY_LINE + 1, 'unknown block helper "with"'],
    ['an unknown partial', ok('{{marker}}\n{{> footer}}\n'), BODY_LINE + 1, 'unknown partial {{> footer}}'],
    ['each over a text', ok('{{marker}}\n{{#each eventTitle}}{{this}}{{/each}}\n'), BODY_LINE + 1, '{{#each}} needs a list; eventTitle is a string'],
    ['a variable read inside each', ok('{{marker}}\n{{#each communes}}{{eventTitle}}{{/each}}\n'), BODY_LINE + 1, 'write {{../eventTitle}}'],
    ['this outside each', ok('{{marker}}\n{{this}}\n'), BODY_LINE + 1, 'only has a meaning inside {{#each}}'],
    ['a field of a plain value', ok('{{marker}}\n{{communes.length}}\n'), BODY_LINE + 1, 'has no field "length"'],
    ['join on a text', ok('{{marker}}\n{{join eventTitle}}\n'), BODY_LINE + 1, '{{join}} needs a list'],
    ['paragraphs outside HTML', ok('{{marker}}\n{{paragraphs eventTitle}}\n'), BODY_LINE + 1, 'use it only in html parts'],
    ['a public post without the marker', ok('{{eventTitle}}\n'), BODY_LINE, 'must always print {{marker}}'],
    ['a marker only in a condition', ok('{{eventTitle}}\n{{#if nnip}}{{marker}}{{/if}}\n'), BODY_LINE, 'must always print {{marker}}'],
    ['a public post that does not declare the marker', ok('{{eventTitle}}\n', header(), ['eventTitle: string max 80']), 8, 'must declare and print {{marker}}'],
  ])('reports %s with its line', (_label, src, line, why) => {
    expect(checkTemplate(src, file)).toEqual(expect.arrayContaining([{ file, line, why: expect.stringContaining(why) }]));
  });

  it('refuses raw HTML output in an html part', () => {
    const src = source(
      { id: 'public.public_page.html', audience: 'public', channel: 'public_page', part: 'html', version: '1', approvedBy: 'x', approvedAt: '2025-01-20' },
      ['eventTitle: string max 80', 'marker: string max 20'],
      '<p>{{{eventTitle}}}</p>\n<p>{{marker}}</p>\n',
    );
    expect(checkTemplate(src, 'f.hbs')).toEqual([{ file: 'f.hbs', line: 13, why: expect.stringContaining('prints raw HTML') }]);
  });

  describe.each(Object.entries(POST_MAX_LENGTH))('%s posts, measured in characters with the longest values and the exercise marking', (channel, limit) => {
    const post = (titleMax: number) =>
      analyseTemplate(
        source(
          { id: `public.${channel}`, audience: 'public', channel, version: '1', approvedBy: 'x', approvedAt: '2025-01-20' },
          [`eventTitle: string max ${titleMax}`, 'marker: string max 20'],
          '{{eventTitle}}\n{{marker}}\n',
        ),
        'post.hbs',
      );
    // What the post adds around the title: the marking, the line breaks, the marker.
    const overhead = post(10).worstCase!.length - 10;

    it(`fits at exactly ${limit!.max}`, () => {
      const a = post(limit!.max - overhead);
      expect(a.worstCase?.length).toBe(limit!.max);
      expect(a.problems).toEqual([]);
    });

    it(`is refused at ${limit!.max + 1}, naming ${limit!.network} and its limit`, () => {
      expect(post(limit!.max - overhead + 1).problems).toEqual([
        { file: 'post.hbs', line: 12, why: expect.stringContaining(`${limit!.network} post can reach ${limit!.max + 1} characters; ${limit!.network} allows ${limit!.max}`) },
      ]);
    });
  });

  describe('X posts, measured with the longest values and the exercise marking', () => {
    const x = (vars: string[], body: string) => source({ id: 'public.x', audience: 'public', channel: 'x', version: '1', approvedBy: 'x', approvedAt: '2025-01-20' }, vars, body);

    it.each([
      // 62 for the marking (30 + line break, twice) + 1 line break + marker 20 + title.
      ['a title of 197 fits exactly', 197, 280, true],
      ['a title of 198 does not', 198, 281, false],
    ])('%s', (_label, titleMax, weighted, fits) => {
      const a = analyseTemplate(x([`eventTitle: string max ${titleMax}`, 'marker: string max 20'], '{{eventTitle}}\n{{marker}}\n'), 'x.hbs');
      expect(a.worstCase?.xWeightedLength).toBe(weighted);
      if (fits) expect(a.problems).toEqual([]);
      else expect(a.problems).toEqual([{ file: 'x.hbs', line: 12, why: expect.stringContaining('an X post can reach 281 weighted characters') }]);
    });

    it('counts any link as 23, however long', () => {
      const a = analyseTemplate(x(['publicPageUrl: url max 200', 'marker: string max 20'], '{{publicPageUrl}}\n{{marker}}\n'), 'x.hbs');
      expect(a.worstCase?.xWeightedLength).toBe(62 + 23 + 1 + 20);
    });

    it('counts the optional text when it is present', () => {
      const a = analyseTemplate(x(['nnip: string max 20 optional', 'marker: string max 20'], '{{#if nnip}}Numéro : {{nnip}}{{/if}}\n{{marker}}\n'), 'x.hbs');
      expect(a.worstCase?.xWeightedLength).toBe(62 + 9 + 20 + 1 + 20);
    });
  });

  it('computes the SMS cost and refuses more parts than maxSegments', () => {
    const sms = (max: number) =>
      source(
        { id: 'elected.sms', audience: 'elected', channel: 'sms', maxSegments: String(max), version: '1', approvedBy: 'x', approvedAt: '2025-01-20' },
        ['eventTitle: string max 80', 'marker: string max 20'],
        'Préfecture : {{eventTitle}} {{marker}}\n',
      );
    // 30 + 1 + (13 + 80 + 1 + 20) + 1 + 30 = 176 UCS-2 units: 3 parts of 67.
    const a = analyseTemplate(sms(3), 'sms.hbs');
    expect(a.problems).toEqual([]);
    expect(a.worstCase?.sms).toEqual({ encoding: 'UCS-2', units: 176, segments: 3, perSegment: 67 });
    expect(checkTemplate(sms(2), 'sms.hbs')).toEqual([{ file: 'sms.hbs', line: 5, why: expect.stringContaining('an SMS can take 3 parts') }]);
  });

  it('reports every problem of a file, not only the first', () => {
    const problems = checkTemplate(ok('{{facts}}\n{{nnip}}\n{{shout eventTitle}}\n'), file);
    expect(problems.map((p) => p.line)).toEqual([BODY_LINE, BODY_LINE, BODY_LINE + 1, BODY_LINE + 2]);
  });
});

describe("a layout and the kinds' partials", () => {
  const file = 'layouts/public.facebook.hbs';
  const ok = (body: string) => source(header(), VARS, body);

  it('may print every partial a kind defines', () => {
    expect(checkTemplate(ok('{{> kindLabel}} – {{eventTitle}}\n{{#bullets}}{{> advice}}{{/bullets}}\n{{> shortAdvice}}\n{{marker}}\n'), file)).toEqual([]);
  });

  it.each([
    ['an unknown partial', ok('{{marker}}\n{{> conseils}}\n'), BODY_LINE + 1, 'unknown partial {{> conseils}}: a layout prints only what every kind defines (kindLabel, advice, shortAdvice)'],
    ['a partial with parameters', ok('{{marker}}\n{{> advice eventTitle}}\n'), BODY_LINE + 1, '{{> advice}} takes no parameters'],
    ['a partial inside each', ok('{{marker}}\n{{#each communes}}{{> kindLabel}}{{/each}}\n'), BODY_LINE + 1, 'cannot be used inside {{#each}}'],
    ['a partial block', ok('{{marker}}\n{{#> advice}}x{{/advice}}\n'), BODY_LINE + 1, 'partial blocks'],
    ['a partial defined in a layout', ok('{{marker}}\n{{#*inline "advice"}}x{{/inline}}\n'), BODY_LINE + 1, 'a layout defines no partial'],
    ['bullets with a parameter', ok('{{marker}}\n{{#bullets eventTitle}}{{> advice}}{{/bullets}}\n'), BODY_LINE + 1, '{{#bullets}} takes nothing'],
  ])('reports %s with its line', (_label, src, line, why) => {
    expect(checkTemplate(src, file)).toEqual(expect.arrayContaining([{ file, line, why: expect.stringContaining(why) }]));
  });

  it('keeps the line break after a one-line partial alone on its line', () => {
    const a = analyseTemplate(ok('{{eventTitle}}\n{{> shortAdvice}}\n{{marker}}\n'), file);
    expect(a.render!({ eventTitle: 'Titre', marker: '[M]' })).toBe('Titre\n\n[M]\n');
  });
});
