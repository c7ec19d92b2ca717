import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { EVENT_KINDS } from '../events/event-kind';
import { analyseKind } from './kind-check';
import { AUDIENCE_CHANNELS, AUDIENCES, CHANNEL_PARTS, POST_MAX_LENGTH, X_MAX_WEIGHTED_LENGTH } from './message-channels';
import { renderMessage } from './message-render';
import { checkTemplate } from './template-check';
import { TemplateCatalogError, loadTemplateCatalog } from './template-catalog';

const TEMPLATES = join(__dirname, '..', '..', '..', 'templates');
const templateFiles = readdirSync(TEMPLATES, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.hbs'))
  .sort();
const layoutFiles = templateFiles.filter((f) => f.startsWith('layouts/'));
const kindFiles = templateFiles.filter((f) => f.startsWith('kinds/'));
const KINDS_WITH_GENERIC = [...EVENT_KINDS, 'generic'];

/** A kind's own words, read from its file as a person would: the lines of each {{#*inline}}. */
function wordingOf(kind: string): { label: string; advice: string[]; shortAdvice: string } {
  const src = readFileSync(join(TEMPLATES, 'kinds', `${kind}.hbs`), 'utf8');
  const inline = (name: string) => new RegExp(`\\{\\{#\\*inline "${name}"\\}\\}([\\s\\S]*?)\\{\\{/inline\\}\\}`).exec(src)![1];
  return {
    label: inline('kindLabel'),
    advice: inline('advice')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
    shortAdvice: inline('shortAdvice'),
  };
}

/** Plausible values of a real bulletin, at the longest the templates allow where it matters. */
const vars = {
  eventTitle: 'Crue de la Moselle et de ses affluents entre Épinal et Charmes',
  eventKindLabel: 'Événement',
  communes: ['Épinal', 'Golbey', 'Chantraine', 'Thaon-les-Vosges', 'Charmes'],
  facts: 'La Moselle a atteint 3,20 m à Épinal à 14 h.\n\nDeux routes départementales sont fermées.',
  instructions: 'Évitez les bords de la Moselle. Suivez les consignes des secours.',
  nextUpdateAt: "aujourd'hui à 18h00",
  nnip: '0 800 88 00 88',
  publicPageUrl: 'https://crise.vosges.gouv.fr/public/events/7d3c9a52-61f4-4a8e-9a3b-0c2f0d9e1a77',
  marker: '[PREF88-B1234-1830]',
};

describe('the shipped templates', () => {
  it('are one layout per audience, channel and part, and one wording per event kind plus generic', () => {
    const parts = AUDIENCES.flatMap((a) => AUDIENCE_CHANNELS[a].flatMap((c) => CHANNEL_PARTS[c]));
    expect(layoutFiles).toHaveLength(parts.length);
    expect(kindFiles).toEqual(KINDS_WITH_GENERIC.map((k) => `kinds/${k}.hbs`).sort());
    expect(templateFiles).toHaveLength(layoutFiles.length + kindFiles.length);
  });

  it.each(layoutFiles)('%s passes the check on its own', (file) => {
    expect(checkTemplate(readFileSync(join(TEMPLATES, file), 'utf8'), file)).toEqual([]);
  });

  it.each(kindFiles)('%s passes the check on its own', (file) => {
    expect(analyseKind(readFileSync(join(TEMPLATES, file), 'utf8'), file).problems).toEqual([]);
  });

  const catalog = loadTemplateCatalog(TEMPLATES);

  it('load as one catalog', () => {
    expect(catalog.kinds()).toEqual([...KINDS_WITH_GENERIC].sort());
    expect(catalog.models()).toHaveLength(KINDS_WITH_GENERIC.length * AUDIENCES.flatMap((a) => AUDIENCE_CHANNELS[a]).length);
  });

  it('give every event kind its own safety advice, different from every other', () => {
    const advice = KINDS_WITH_GENERIC.map((k) => wordingOf(k).advice.join('\n'));
    expect(new Set(advice).size).toBe(KINDS_WITH_GENERIC.length);
    const short = KINDS_WITH_GENERIC.map((k) => wordingOf(k).shortAdvice);
    expect(new Set(short).size).toBe(KINDS_WITH_GENERIC.length);
    for (const k of KINDS_WITH_GENERIC) expect(wordingOf(k).advice.length).toBeGreaterThanOrEqual(3);
  });

  // An Instagram caption (2,200) has no room for the whole advice next to the facts.
  const SHORT_ADVICE_CHANNELS: readonly string[] = ['x', 'instagram', 'mastodon', 'bluesky'];
  const combos = KINDS_WITH_GENERIC.flatMap((kind) => AUDIENCES.flatMap((audience) => AUDIENCE_CHANNELS[audience].map((channel) => [kind, audience, channel] as const)));

  describe.each(combos)('%s / %s / %s', (kind, audience, channel) => {
    const model = catalog.find(kind, audience, channel)!;
    const own = wordingOf(kind);

    it('has its own complete model', () => {
      expect(model.kind).toBe(kind);
      expect(model.parts.map((p) => p.part)).toEqual(CHANNEL_PARTS[channel]);
      expect(model.parts.map((p) => p.header.id)).toEqual(
        CHANNEL_PARTS[channel].map((part) => (CHANNEL_PARTS[channel].length > 1 ? `${kind}.${audience}.${channel}.${part}` : `${kind}.${audience}.${channel}`)),
      );
    });

    it('fits its limits with the longest declared values, in exercise mode', () => {
      for (const p of model.parts) {
        if (channel === 'x') expect(p.worstCase.xWeightedLength).toBeLessThanOrEqual(X_MAX_WEIGHTED_LENGTH);
        if (channel === 'sms') expect(p.worstCase.sms!.segments).toBeLessThanOrEqual(p.header.maxSegments!);
        const limit = POST_MAX_LENGTH[channel];
        if (limit) expect(p.worstCase.length).toBeLessThanOrEqual(limit.max);
      }
    });

    it.each(['real', 'exercise'] as const)('renders a plausible bulletin in %s mode, with its own wording', (mode) => {
      const m = renderMessage(catalog, { kind, audience, channel, vars, mode });
      expect(m.problems).toEqual([]);
      expect(m.wording).toMatchObject({ kind, version: expect.any(Number) });
      const all = Object.values(m.parts).join('\n');
      const label = kind === 'generic' ? vars.eventKindLabel : own.label;
      // The short posts have room for one instruction; the others print the whole advice.
      if (SHORT_ADVICE_CHANNELS.includes(channel)) expect(m.parts.text).toContain(`\n${own.shortAdvice}\n`);
      if (channel === 'sms') expect(m.parts.text).toContain(`${label} : ${vars.eventTitle}`);
      else if (channel !== 'x') expect(all).toContain(`${label} – ${vars.eventTitle}`);
      if (!SHORT_ADVICE_CHANNELS.includes(channel) && channel !== 'sms') {
        for (const line of own.advice) {
          if (m.parts.text !== undefined) expect(m.parts.text).toContain(`- ${line}\n`);
          if (m.parts.html !== undefined) expect(m.parts.html).toContain(`<li>${line}</li>`);
        }
      }
    });
  });

  it('falls back to the generic wording for a kind outside the vocabulary', () => {
    expect(catalog.find('volcano', 'public', 'x')!.kind).toBe('generic');
    expect(catalog.find('snow', 'elected', 'email')!.parts[0].header.id).toBe('generic.elected.email.subject');
  });

  it('exposes one declaration per variable', () => {
    const names = catalog
      .variables()
      .map((v) => v.name)
      .sort();
    expect(names).toEqual(['communes', 'eventKindLabel', 'eventTitle', 'facts', 'instructions', 'marker', 'nextUpdateAt', 'nnip', 'publicPageUrl']);
  });

  it('asks for the kind label only where the wording prints it', () => {
    expect(catalog.find('flood', 'public', 'facebook')!.variables.map((v) => v.name)).not.toContain('eventKindLabel');
    expect(catalog.find('generic', 'public', 'facebook')!.variables.map((v) => v.name)).toContain('eventKindLabel');
    expect(catalog.find('generic', 'public', 'x')!.variables.map((v) => v.name)).not.toContain('eventKindLabel');
  });
});

describe('a broken catalog', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'templates-'));
    cpSync(TEMPLATES, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function failure(): TemplateCatalogError {
    try {
      loadTemplateCatalog(dir);
    } catch (e) {
      if (e instanceof TemplateCatalogError) return e;
      throw e;
    }
    throw new Error('the catalog loaded');
  }

  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  const edit = (file: string, change: (s: string) => string) => {
    const before = read(file);
    const after = change(before);
    if (after === before) throw new Error(`the edit of ${file} changed nothing`);
    writeFileSync(join(dir, file), after);
  };
  /** 1-based line of the first line containing `text`, in the shipped file: where a person would look. */
  const lineOf = (file: string, text: string) =>
    readFileSync(join(TEMPLATES, file), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(text)) + 1;

  it.each([
    [
      'a variable a layout does not declare',
      'layouts/public.x.hbs',
      (s: string) => s.replace('{{marker}}', '{{marker}} {{facts}}'),
      () => lineOf('layouts/public.x.hbs', '{{marker}}'),
      'uses facts, which the header does not declare',
    ],
    [
      "a variable a kind's partial does not declare",
      'kinds/storm.hbs',
      (s: string) => s.replace('Limitez vos déplacements.{{/inline}}', 'Limitez vos déplacements {{facts}}.{{/inline}}'),
      () => lineOf('kinds/storm.hbs', '"shortAdvice"'),
      'uses facts, which the header does not declare',
    ],
    [
      'an unknown partial in a layout',
      'layouts/elected.email.text.hbs',
      (s: string) => s.replace('{{> advice}}', '{{> advices}}'),
      () => lineOf('layouts/elected.email.text.hbs', '{{> advice}}'),
      'unknown partial {{> advices}}',
    ],
    [
      'a partial a kind does not define',
      'kinds/heat_wave.hbs',
      (s: string) => s.replace(/\n\{\{#\*inline "shortAdvice"\}\}.*\{\{\/inline\}\}\n/, '\n'),
      () => lineOf('kinds/heat_wave.hbs', '--}}') + 1,
      'does not define {{#*inline "shortAdvice"}}',
    ],
    [
      'a partial no layout knows',
      'kinds/other.hbs',
      (s: string) => s.replace('--}}\n', '--}}\n{{#*inline "footer"}}Préfecture{{/inline}}\n'),
      () => lineOf('kinds/other.hbs', '--}}') + 1,
      'unknown partial "footer"',
    ],
    [
      'markup in the advice',
      'kinds/flood.hbs',
      (s: string) => s.replace('sur une route inondée.', 'sur une <b>route inondée</b>.'),
      () => lineOf('kinds/flood.hbs', '"advice"'),
      'write it without <, > or &',
    ],
    // Handlebars finds the unclosed block at the end of the file, the line after the last one.
    [
      'a template that does not compile',
      'layouts/elected.sms.hbs',
      (s: string) => s.replace('{{/if}}', ''),
      () => lineOf('layouts/elected.sms.hbs', '{{#if nnip}}') + 1,
      'does not compile: a block is not closed',
    ],
    ['a header without approval', 'layouts/media.email.subject.hbs', (s: string) => s.replace(/approvedBy: .*\n/, ''), () => 1, 'the header has no approvedBy'],
    [
      "an X post one kind's advice makes too long",
      'kinds/forest_fire.hbs',
      (s: string) => s.replace('Éloignez-vous de la zone du feu.{{/inline}}', 'Éloignez-vous de la zone du feu et laissez passer les secours.{{/inline}}'),
      () => lineOf('kinds/forest_fire.hbs', '"shortAdvice"'),
      'layouts/public.x.hbs: an X post can reach 302 weighted characters',
    ],
    [
      'an X post the layout makes too long for every kind',
      'layouts/public.x.hbs',
      (s: string) => s.replace('Consignes : ', 'Toutes les consignes et les informations à jour : '),
      () => lineOf('layouts/public.x.hbs', '--}}') + 1,
      "an X post can reach 316 weighted characters with the longest declared values and the exercise marking; X allows 280 (shorten the text or lower a max) (with every kind's wording; the longest is",
    ],
    ['an SMS over its parts', 'layouts/media.sms.hbs', (s: string) => s.replace('maxSegments: 10', 'maxSegments: 2'), () => lineOf('layouts/media.sms.hbs', 'maxSegments'), 'an SMS can take 9 parts'],
    [
      'a declaration that differs from the others',
      'layouts/media.email.text.hbs',
      (s: string) => s.replace('eventTitle: string max 80', 'eventTitle: string max 60'),
      () => lineOf('layouts/media.email.text.hbs', 'eventTitle: string'),
      'eventTitle is declared "string max 60" here but "string max 80"',
    ],
    [
      'a kind that disagrees with its file name',
      'kinds/storm.hbs',
      (s: string) => s.replace('kind: storm', 'kind: flood'),
      () => lineOf('kinds/storm.hbs', 'kind: storm'),
      'the header says kind "flood" but the file name says "storm"',
    ],
    [
      'a layout that disagrees with its file name',
      'layouts/public.facebook.hbs',
      (s: string) => s.replace('channel: facebook', 'channel: x').replace('id: public.facebook', 'id: public.x'),
      () => lineOf('layouts/public.facebook.hbs', 'channel: facebook'),
      'the header says channel "x" but the file name says "facebook"',
    ],
  ])('stops the boot on %s, naming file, line and why', (_label, file, change, line, why) => {
    edit(file, change);
    const err = failure();
    expect(err.problems).toEqual([{ file: join(dir, file), line: line(), why: expect.stringContaining(why) }]);
    expect(err.message).toContain(`${join(dir, file)}:${line()}: `);
    expect(err.message).toContain(why);
  });

  it('names the worst kind when a layout is too long for all of them', () => {
    edit('layouts/media.sms.hbs', (s) => s.replace('maxSegments: 10', 'maxSegments: 2'));
    // The generic wording prints the kind label from the draft, up to 40 characters: the longest.
    expect(failure().problems[0].why).toContain(`the longest is ${join(dir, 'kinds/generic.hbs')}`);
  });

  it('reports missing pieces: the generic wording, a part of a layout', () => {
    unlinkSync(join(dir, 'kinds/generic.hbs'));
    unlinkSync(join(dir, 'layouts/elected.email.html.hbs'));
    const err = failure();
    expect(err.problems).toEqual([
      { file: join(dir, 'kinds/generic.hbs'), line: 1, why: expect.stringContaining('the generic wording is the fallback of every event kind') },
      { file: join(dir, 'layouts/elected.email.html.hbs'), line: 1, why: expect.stringContaining('missing: the layout of elected by email (html part)') },
    ]);
  });

  it('refuses a wording file for a kind that does not exist', () => {
    cpSync(join(dir, 'kinds/storm.hbs'), join(dir, 'kinds/volcano.hbs'));
    edit('kinds/volcano.hbs', (s) => s.replace('kind: storm', 'kind: volcano'));
    expect(failure().problems).toEqual([{ file: join(dir, 'kinds/volcano.hbs'), line: 1, why: expect.stringContaining('"volcano" is not an event kind') }]);
  });

  it('lists every problem of every file in one error, one per line', () => {
    edit('layouts/public.x.hbs', (s) => s.replace('{{marker}}', '{{facts}}'));
    writeFileSync(join(dir, 'layouts/elected.fax.hbs'), 'Bonjour\n');
    writeFileSync(join(dir, 'stray.hbs'), '{{!--\n--}}\n');
    writeFileSync(join(dir, 'flood.public.x.hbs'), '{{!--\n--}}\n');
    const err = failure();
    const lines = err.message.split('\n');
    expect(lines[0]).toMatch(/^\d+ template problems; fix them before starting:$/);
    for (const l of lines.slice(1)) expect(l).toMatch(/^.+\.hbs:\d+: .+$/);
    const files = new Set(err.problems.map((p) => p.file));
    expect(files).toEqual(new Set([join(dir, 'layouts/public.x.hbs'), join(dir, 'layouts/elected.fax.hbs'), join(dir, 'stray.hbs'), join(dir, 'flood.public.x.hbs')]));
    expect(err.problems).toEqual(
      expect.arrayContaining([
        { file: join(dir, 'layouts/public.x.hbs'), line: lineOf('layouts/public.x.hbs', '{{marker}}'), why: expect.stringContaining('uses facts') },
        { file: join(dir, 'layouts/public.x.hbs'), line: lineOf('layouts/public.x.hbs', '--}}') + 1, why: expect.stringContaining('must always print {{marker}}') },
        { file: join(dir, 'layouts/elected.fax.hbs'), line: 1, why: expect.stringContaining('must start with a header block') },
        { file: join(dir, 'stray.hbs'), line: 1, why: expect.stringContaining('a template is either a layout') },
      ]),
    );
  });

  it('ignores files that are not templates', () => {
    writeFileSync(join(dir, 'notes.txt'), 'brouillon');
    expect(() => loadTemplateCatalog(dir)).not.toThrow();
  });

  it('says so when the folder does not exist', () => {
    expect(() => loadTemplateCatalog(join(dir, 'nope'))).toThrow(/nope:1: the templates folder does not exist/);
  });
});
