import { PNG } from 'pngjs';
import * as jpeg from 'jpeg-js';
import { writeFileSync, mkdirSync } from 'node:fs';
import { CARD_FORMATS, cardAltText, CardFacts, CardFormat, cardSvg } from '../../src/domain/cards/bulletin-card';
import { CardRenderer } from '../../src/modules/cards/card-render.adapter';

const renderer = new CardRenderer();
const at = new Date('2026-07-14T04:05:00Z'); // 06:05 in Paris (summer time)

const ACCENTS: CardFacts = {
  prefecture: 'Préfecture des Vosges',
  kindLabel: 'Inondation',
  headline: 'Crue de la Moselle à Épinal : évacuation préventive des îlots Œuvre-Saint-Gœry',
  at,
  exercise: false,
};
const LONG: CardFacts = {
  prefecture: 'Préfecture de la Haute-Saône',
  kindLabel: 'Accident industriel',
  headline:
    'Incendie d’un entrepôt de produits phytosanitaires classé Seveso seuil haut à Gérardmer-Xonrupt-Longemer : confinement généralisé des habitants, écoles fermées, routes départementales coupées jusqu’à nouvel ordre et nuage de fumée en direction de Saint-Dié-des-Vosges',
  at,
  exercise: true,
};

/** The headline lines the SVG draws (font-size of the headline: the largest text on the card). */
function drawnLines(svg: string): { size: number; text: string }[] {
  return [...svg.matchAll(/<text[^>]*font-size="(\d+)"[^>]*>([^<]*)<\/text>/g)].map((m) => ({ size: Number(m[1]), text: m[2].replace(/&amp;/g, '&') }));
}

/** Dark pixels (text) in a column band: the right margin must have none. */
function darkPixelsIn(png: PNG, x0: number, x1: number, y0: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * png.width + x) * 4;
      if (png.data[i] < 100 && png.data[i + 1] < 100 && png.data[i + 2] < 100) n++;
    }
  return n;
}

describe('the bulletin card, rendered with resvg in the shipped font', () => {
  mkdirSync('test-artifacts', { recursive: true });

  it.each<[string, CardFacts, CardFormat]>([
    ['accents, square', ACCENTS, 'square'],
    ['accents, landscape', ACCENTS, 'landscape'],
    ['a long title in an exercise, square', LONG, 'square'],
    ['a long title in an exercise, landscape', LONG, 'landscape'],
  ])('%s: decodes as a PNG of the right size, within bounds, every line inside the margins', async (_, facts, format) => {
    const card = { png: (await renderer.render(facts))[format] };
    writeFileSync(`test-artifacts/card-${facts === LONG ? 'long' : 'accents'}-${format}.png`, card.png);
    const png = PNG.sync.read(card.png);
    const { width, height } = CARD_FORMATS[format];
    expect([png.width, png.height]).toEqual([width, height]);
    // A real card with text weighs tens of kilobytes; a blank or broken one far less, a runaway one far more.
    expect(card.png.length).toBeGreaterThan(15_000);
    expect(card.png.length).toBeLessThan(600_000);
    const margin = format === 'square' ? 72 : 64;
    const lines = drawnLines(cardSvg(facts, format, renderer.measure));
    for (const l of lines.filter((x) => x.size !== 32)) expect(renderer.measure(l.text, l.size, 700)).toBeLessThanOrEqual(width - 2 * margin);
    // What the text measures is what resvg drew: nothing dark in the right margin, below the blue band and above the footer.
    expect(darkPixelsIn(png, width - margin + 4, width, format === 'square' ? 160 : 120, height - 200)).toBe(0);
  });

  it('keeps the accents: the headline is drawn as written, not transliterated', () => {
    const text = drawnLines(cardSvg(ACCENTS, 'square', renderer.measure))
      .map((l) => l.text)
      .join(' ');
    expect(text).toContain('Épinal');
    expect(text).toContain('Œuvre-Saint-Gœry');
    expect(text).toContain('Préfecture des Vosges');
    expect(text).toContain('INONDATION');
    expect(text).toContain('14 juillet 2026 à 06 h 05');
  });

  it('cuts a long title with an ellipsis, and marks an exercise', () => {
    const lines = drawnLines(cardSvg(LONG, 'landscape', renderer.measure)).map((l) => l.text);
    expect(lines.some((l) => l.endsWith('…'))).toBe(true);
    expect(lines.join(' ')).not.toContain('Saint-Dié-des-Vosges');
    expect(lines.filter((l) => l.includes('EXERCICE'))).toHaveLength(2);
    expect(drawnLines(cardSvg(ACCENTS, 'landscape', renderer.measure)).some((l) => l.text.includes('EXERCICE'))).toBe(false);
  });

  it('renders glyphs, not empty boxes: an accented letter draws more ink than its bare letter', async () => {
    const ink = async (headline: string) => {
      const png = PNG.sync.read((await renderer.render({ ...ACCENTS, headline })).landscape);
      return darkPixelsIn(png, 0, png.width, 150, 500);
    };
    expect(await ink('ÉÉÉÉÉÉ')).toBeGreaterThan(await ink('EEEEEE'));
  });

  it('gives Instagram a JPEG of the square card', async () => {
    const decoded = jpeg.decode((await renderer.render(ACCENTS)).squareJpeg);
    expect([decoded.width, decoded.height]).toEqual([1080, 1080]);
  });

  it('always has an alt text with the kind and the headline', () => {
    expect(cardAltText(ACCENTS)).toBe('Inondation : Crue de la Moselle à Épinal : évacuation préventive des îlots Œuvre-Saint-Gœry. Préfecture des Vosges.');
    expect(cardAltText(LONG)).toMatch(/^EXERCICE – Accident industriel : Incendie d’un entrepôt/);
  });
});
