import { join } from 'node:path';

import { parseTweet } from './twitter-text';

import { type Audience, type Channel, AUDIENCE_CHANNELS, AUDIENCES } from './message-channels';
import { EXERCISE_MARKING, MessageRenderError, applyExerciseMarking, renderMessage } from './message-render';
import { loadTemplateCatalog } from './template-catalog';

const catalog = loadTemplateCatalog(join(__dirname, '..', '..', '..', 'templates'));

const vars = {
  eventTitle: 'Feu de forêt à Gérardmer',
  eventKindLabel: 'Feu de forêt',
  communes: ['Gérardmer', 'Xonrupt-Longemer', 'Le Valtin', 'Liézey'],
  facts: "Un feu de forêt s'est déclaré vers 14 h 10 sur le massif du Phény.\n\nEnviron 30 hectares ont brûlé. 80 sapeurs-pompiers sont engagés.",
  instructions: 'Évitez le secteur du lac de Longemer. Ne gênez pas les secours.',
  nextUpdateAt: 'mardi 12 août à 18 h 00',
  publicPageUrl: 'https://crise.vosges.gouv.fr/evenements/feu-gerardmer',
  marker: '[PREF88-B3-1403]',
};
const withNnip = { ...vars, nnip: '0 800 88 00 88' };

const combos = ['forest_fire', 'flood', 'storm', 'industrial_accident', 'heat_wave'].flatMap((kind) =>
  AUDIENCES.flatMap((audience) => AUDIENCE_CHANNELS[audience].map((channel) => [kind, audience, channel] as [string, Audience, Channel])),
);

/** What a reader sees: HTML without its tags. */
const visible = (part: string) =>
  part
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('renderMessage', () => {
  it.each(combos)('%s / %s / %s in exercise mode starts and ends every part with the marking', (kind, audience, channel) => {
    const m = renderMessage(catalog, { kind, audience, channel, vars: withNnip, mode: 'exercise' });
    expect(Object.keys(m.parts).length).toBeGreaterThan(0);
    for (const [part, text] of Object.entries(m.parts)) {
      const seen = part === 'html' ? visible(text!) : text!;
      expect(seen.startsWith(EXERCISE_MARKING)).toBe(true);
      expect(seen.endsWith(EXERCISE_MARKING)).toBe(true);
    }
    expect(m.problems).toEqual([]);
  });

  it.each(combos)('%s / %s / %s in real mode carries no marking and the bulletin marker', (kind, audience, channel) => {
    const m = renderMessage(catalog, { kind, audience, channel, vars, mode: 'real' });
    for (const [part, text] of Object.entries(m.parts)) {
      expect(text).not.toContain('EXERCICE');
      if (audience === 'public' && part !== 'title') expect(text).toContain('[PREF88-B3-1403]');
    }
  });

  it('uses the wording of the kind, or the generic one with the kind label', () => {
    const own = renderMessage(catalog, { kind: 'flood', audience: 'public', channel: 'facebook', vars, mode: 'real' });
    expect(own.kind).toBe('flood');
    expect(own.parts.text).toMatch(/^Inondation – Feu de forêt à Gérardmer/);
    // Every kind of the vocabulary now has its wording: only a kind outside it falls back.
    const generic = renderMessage(catalog, { kind: 'volcano', audience: 'public', channel: 'facebook', vars: { ...vars, eventKindLabel: 'Éruption volcanique' }, mode: 'real' });
    expect(generic.kind).toBe('generic');
    expect(generic.parts.text).toMatch(/^Éruption volcanique – /);
    expect(generic.templates).toEqual([{ part: 'text', id: 'generic.public.facebook', version: 1, approvedBy: expect.any(String), approvedAt: '2025-01-20' }]);
    expect(generic.wording).toEqual({ kind: 'generic', version: 1, approvedBy: expect.any(String), approvedAt: '2025-01-20' });
  });

  it('uses the new kinds their own label and advice, and records which wording filled the layout', () => {
    const m = renderMessage(catalog, { kind: 'heat_wave', audience: 'public', channel: 'facebook', vars: { ...vars, eventKindLabel: 'ignoré' }, mode: 'real' });
    expect(m.kind).toBe('heat_wave');
    expect(m.parts.text).toMatch(/^Canicule – Feu de forêt à Gérardmer/);
    expect(m.parts.text).toContain("- Buvez de l'eau régulièrement");
    expect(m.parts.text).not.toContain('Respectez les consignes des autorités et des services de secours.');
    expect(m.templates).toEqual([{ part: 'text', id: 'heat_wave.public.facebook', version: 1, approvedBy: expect.any(String), approvedAt: '2025-01-20' }]);
    expect(m.wording).toMatchObject({ kind: 'heat_wave', version: 1 });
  });

  it('renders an email as subject, HTML and text, joining the communes in French', () => {
    const m = renderMessage(catalog, { kind: 'forest_fire', audience: 'elected', channel: 'email', vars, mode: 'real' });
    expect(m.parts.subject).toBe('Information des élus – Feu de forêt : Feu de forêt à Gérardmer [PREF88-B3-1403]');
    expect(m.parts.text).toContain('Communes concernées : Gérardmer, Xonrupt-Longemer, Le Valtin et Liézey');
    expect(m.parts.html).toContain('<p>Environ 30 hectares ont brûlé. 80 sapeurs-pompiers sont engagés.</p>');
    expect(m.parts.html).toContain('<a href="https://crise.vosges.gouv.fr/evenements/feu-gerardmer">');
    expect(m.templates.map((t) => t.id)).toEqual(['forest_fire.elected.email.subject', 'forest_fire.elected.email.html', 'forest_fire.elected.email.text']);
  });

  it('prints the national number only when the CIP is open', () => {
    const closed = renderMessage(catalog, { kind: 'storm', audience: 'public', channel: 'x', vars, mode: 'real' });
    const open = renderMessage(catalog, { kind: 'storm', audience: 'public', channel: 'x', vars: withNnip, mode: 'real' });
    expect(closed.parts.text).not.toContain("N° d'information");
    expect(closed.parts.text).not.toMatch(/\n\n/);
    expect(open.parts.text).toContain("N° d'information : 0 800 88 00 88");
  });

  it('escapes values in HTML and nowhere else', () => {
    const tricky = { ...vars, eventTitle: 'Feu <b>"A & B"</b>' };
    const m = renderMessage(catalog, { kind: 'storm', audience: 'media', channel: 'email', vars: tricky, mode: 'real' });
    expect(m.parts.html).toContain('Feu &lt;b&gt;&quot;A &amp; B&quot;&lt;/b&gt;');
    expect(m.parts.text).toContain('Feu <b>"A & B"</b>');
    expect(m.parts.subject).toContain('Feu <b>"A & B"</b>');
    const sms = renderMessage(catalog, { kind: 'storm', audience: 'media', channel: 'sms', vars: tricky, mode: 'real' });
    expect(sms.parts.text).toContain('"A & B"');
  });

  it("measures an X post with X's own count", () => {
    const m = renderMessage(catalog, { kind: 'forest_fire', audience: 'public', channel: 'x', vars: withNnip, mode: 'exercise' });
    expect(m.stats.text!.x).toEqual({ weightedLength: parseTweet(m.parts.text!).weightedLength, valid: true });
    // The link counts 23 whatever its length.
    expect(m.stats.text!.x!.weightedLength).toBeLessThan(m.stats.text!.length);
  });

  it('flags an X post that only unusual characters push past 280', () => {
    const m = renderMessage(catalog, { kind: 'forest_fire', audience: 'public', channel: 'x', vars: { ...vars, eventTitle: '火'.repeat(80) }, mode: 'exercise' });
    expect(m.stats.text!.x!.valid).toBe(false);
    expect(m.problems).toEqual([expect.stringMatching(/^la publication X compte \d+ caractères pondérés ; X en accepte 280$/)]);
  });

  it('gives the SMS encoding and parts', () => {
    const real = renderMessage(catalog, { kind: 'generic', audience: 'elected', channel: 'sms', vars: { ...vars, eventKindLabel: 'Crue' }, mode: 'real' });
    expect(real.parts.text).toBe(
      'Préfecture - information des élus. Crue : Feu de forêt à Gérardmer. Communes : Gérardmer, Xonrupt-Longemer, Le Valtin et 1 autre. Détails envoyés par courriel. Prochain point : mardi 12 août à 18 h 00. [PREF88-B3-1403]',
    );
    // "forêt" and "û" of "août" are outside GSM-7.
    expect(real.stats.text!.sms).toMatchObject({ encoding: 'UCS-2', segments: 4 });
    const drill = renderMessage(catalog, { kind: 'generic', audience: 'elected', channel: 'sms', vars: { ...vars, eventKindLabel: 'Crue' }, mode: 'exercise' });
    expect(drill.stats.text!.sms!.units).toBe(real.stats.text!.sms!.units + 2 * (EXERCISE_MARKING.length + 1));
  });

  it.each([
    ['a missing title', { ...vars, eventTitle: undefined }, 'eventTitle', 'is required'],
    ['a blank title', { ...vars, eventTitle: '   ' }, 'eventTitle', 'is required'],
    ['a title too long', { ...vars, eventTitle: 'x'.repeat(81) }, 'eventTitle', 'is 81 characters long; the limit is 80'],
    ['a number for a text', { ...vars, nextUpdateAt: 1800 }, 'nextUpdateAt', 'must be text, got a number'],
    ['a text for a list', { ...vars, communes: 'Gérardmer' }, 'communes', 'must be a list of names, got text'],
    ['an empty name in the list', { ...vars, communes: ['Gérardmer', ''] }, 'communes', 'item 2 must be a non-empty name'],
    ['too many communes', { ...vars, communes: Array.from({ length: 101 }, (_, i) => `Commune ${i}`) }, 'communes', 'has 101 items; the limit is 100'],
    ['a page address that is not one', { ...vars, publicPageUrl: 'crise.vosges.gouv.fr' }, 'publicPageUrl', 'must be a web address starting with https://'],
    ['an empty marker', { ...vars, marker: '' }, 'marker', 'is required'],
  ])('refuses %s, naming the variable', (_label, input, variable, why) => {
    let err: unknown;
    try {
      renderMessage(catalog, { kind: 'flood', audience: 'public', channel: 'facebook', vars: input, mode: 'real' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MessageRenderError);
    expect((err as MessageRenderError).problems).toEqual([{ variable, why: expect.stringContaining(why) }]);
    expect((err as Error).message).toContain(`- ${variable}: ${why}`);
  });

  it('lists every bad variable at once', () => {
    expect(() => renderMessage(catalog, { kind: 'flood', audience: 'elected', channel: 'email', vars: { marker: 42 }, mode: 'real' })).toThrow(
      /eventTitle: is required\n- communes: is required\n- facts: is required\n- instructions: is required\n- nextUpdateAt: is required\n- publicPageUrl: is required\n- marker: must be text/,
    );
  });
});

describe('applyExerciseMarking', () => {
  it.each([
    ['block', 'Texte', `${EXERCISE_MARKING}\n\nTexte\n\n${EXERCISE_MARKING}`],
    ['compact', 'Texte', `${EXERCISE_MARKING}\nTexte\n${EXERCISE_MARKING}`],
    ['line', 'Objet', `${EXERCISE_MARKING} | Objet | ${EXERCISE_MARKING}`],
  ] as const)('%s form', (form, text, expected) => {
    expect(applyExerciseMarking(text, form)).toBe(expected);
  });

  it('frames HTML with a visible banner', () => {
    const html = applyExerciseMarking('<p>Corps</p>', 'html');
    expect(visible(html)).toBe(`${EXERCISE_MARKING} Corps ${EXERCISE_MARKING}`);
  });

  it('uses the en dash', () => {
    expect(EXERCISE_MARKING).toBe('EXERCICE \u2013 EXERCICE \u2013 EXERCICE');
  });
});
