import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AUDIENCE_CHANNELS, AUDIENCES, CHANNEL_PARTS, X_MAX_WEIGHTED_LENGTH } from './message-channels';
import { checkTemplate } from './template-check';
import { TemplateCatalogError, loadTemplateCatalog } from './template-catalog';

const TEMPLATES = join(__dirname, '..', '..', '..', 'templates');
const templateFiles = readdirSync(TEMPLATES, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.hbs'))
  .sort();

describe('the shipped templates', () => {
  // Instagram, Mastodon and Bluesky have one generic wording each, used by every kind.
  const GENERIC_ONLY = ['instagram', 'mastodon', 'bluesky'];

  it('cover the five kinds, every audience and every channel', () => {
    expect(templateFiles).toHaveLength(5 * 13 + GENERIC_ONLY.length);
  });

  it.each(templateFiles)('%s passes the check', (file) => {
    expect(checkTemplate(readFileSync(join(TEMPLATES, file), 'utf8'), file)).toEqual([]);
  });

  const catalog = loadTemplateCatalog(TEMPLATES);

  it('load as one catalog', () => {
    expect(catalog.kinds()).toEqual(['flood', 'forest_fire', 'generic', 'industrial_accident', 'storm']);
    expect(catalog.models()).toHaveLength(5 * 7 + GENERIC_ONLY.length);
  });

  const combos = ['forest_fire', 'flood', 'storm', 'industrial_accident', 'generic'].flatMap((kind) =>
    AUDIENCES.flatMap((audience) => AUDIENCE_CHANNELS[audience].map((channel) => [kind, audience, channel] as const)),
  );

  it.each(combos)('%s / %s / %s has its own complete model (the generic one for the channels that have only that)', (kind, audience, channel) => {
    const model = catalog.find(kind, audience, channel)!;
    expect(model.kind).toBe(GENERIC_ONLY.includes(channel) ? 'generic' : kind);
    expect(model.parts.map((p) => p.part)).toEqual(CHANNEL_PARTS[channel]);
  });

  it.each(combos.filter(([, , channel]) => channel === 'x'))('%s X post stays within 280 in the worst case', (kind) => {
    const weighted = catalog.find(kind, 'public', 'x')!.parts[0].worstCase.xWeightedLength!;
    expect(weighted).toBeLessThanOrEqual(X_MAX_WEIGHTED_LENGTH);
  });

  it('falls back to the generic wording for a kind without templates', () => {
    expect(catalog.find('heat_wave', 'public', 'x')!.kind).toBe('generic');
    expect(catalog.find('snow', 'elected', 'email')!.parts[0].header.id).toBe('generic.elected.email.subject');
  });

  it('exposes one declaration per variable', () => {
    const names = catalog
      .variables()
      .map((v) => v.name)
      .sort();
    expect(names).toEqual(['communes', 'eventKindLabel', 'eventTitle', 'facts', 'instructions', 'marker', 'nextUpdateAt', 'nnip', 'publicPageUrl']);
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

  const edit = (file: string, change: (s: string) => string) => writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));

  it.each([
    ['an undeclared variable', 'storm/public.x.hbs', (s: string) => s.replace('{{marker}}', '{{marker}} {{facts}}'), 21, 'uses facts, which the header does not declare'],
    ['a template that does not compile', 'flood/elected.sms.hbs', (s: string) => s.replace('{{/if}}', ''), 18, 'does not compile: a block is not closed'],
    ['a header without approval', 'generic/media.email.subject.hbs', (s: string) => s.replace(/approvedBy: .*\n/, ''), 1, 'the header has no approvedBy'],
    [
      'an X post too long',
      'forest_fire/public.x.hbs',
      (s: string) => s.replace('Éloignez-vous de la zone du feu.', 'Éloignez-vous de la zone du feu et laissez passer les secours.'),
      15,
      'an X post can reach 302 weighted characters',
    ],
    ['an SMS over its parts', 'storm/media.sms.hbs', (s: string) => s.replace('maxSegments: 10', 'maxSegments: 2'), 6, 'an SMS can take 8 parts'],
    [
      'a declaration that differs from the others',
      'storm/media.email.text.hbs',
      (s: string) => s.replace('eventTitle: string max 80', 'eventTitle: string max 60'),
      11,
      'eventTitle is declared "string max 60" here but "string max 80"',
    ],
    [
      'a header that disagrees with the file name',
      'storm/public.facebook.hbs',
      (s: string) => s.replace('kind: storm', 'kind: flood').replace('id: storm.', 'id: flood.'),
      3,
      'the header says kind "flood" but the file name says "storm"',
    ],
  ])('stops the boot on %s, naming file, line and why', (_label, file, change, line, why) => {
    edit(file, change);
    const err = failure();
    expect(err.problems).toEqual([{ file: join(dir, file), line, why: expect.stringContaining(why) }]);
    expect(err.message).toContain(`${join(dir, file)}:${line}: ${why}`);
  });

  it('reports missing pieces: a generic fallback, a part of an email', () => {
    unlinkSync(join(dir, 'generic/media.sms.hbs'));
    unlinkSync(join(dir, 'flood/elected.email.html.hbs'));
    const err = failure();
    expect(err.problems).toEqual([
      { file: join(dir, 'flood/elected.email.subject.hbs'), line: 1, why: expect.stringContaining('has no html part: add flood/elected.email.html.hbs') },
      { file: join(dir, 'generic/media.sms.hbs'), line: 1, why: expect.stringContaining('the generic kind must cover media by sms') },
    ]);
  });

  it('lists every problem of every file in one error, one per line', () => {
    edit('storm/public.x.hbs', (s) => s.replace('{{marker}}', '{{facts}}'));
    writeFileSync(join(dir, 'generic/elected.fax.hbs'), 'Bonjour\n');
    writeFileSync(join(dir, 'stray.hbs'), '{{!--\n--}}\n');
    const err = failure();
    const lines = err.message.split('\n');
    expect(lines[0]).toMatch(/^\d+ template problems; fix them before starting:$/);
    for (const l of lines.slice(1)) expect(l).toMatch(/^.+\.hbs:\d+: .+$/);
    const files = new Set(err.problems.map((p) => p.file));
    expect(files).toEqual(new Set([join(dir, 'storm/public.x.hbs'), join(dir, 'generic/elected.fax.hbs'), join(dir, 'stray.hbs')]));
    expect(err.problems).toEqual(
      expect.arrayContaining([
        { file: join(dir, 'storm/public.x.hbs'), line: 21, why: expect.stringContaining('uses facts') },
        { file: join(dir, 'storm/public.x.hbs'), line: 15, why: expect.stringContaining('must always print {{marker}}') },
        { file: join(dir, 'generic/elected.fax.hbs'), line: 1, why: expect.stringContaining('must start with a header block') },
        { file: join(dir, 'stray.hbs'), line: 1, why: expect.stringContaining('a template must be at <kind>/<audience>.<channel>.hbs') },
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
