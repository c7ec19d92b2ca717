import { Resvg } from '@resvg/resvg-js';
import * as fontkit from 'fontkit';
import * as jpeg from 'jpeg-js';
import { CARD_FONT_FAMILY, CARD_FORMATS, CardFacts, CardFormat, cardSvg, FontWeight, Measure } from '../../domain/cards/bulletin-card';

/** The fonts ship in an npm package and are loaded by path: the card looks the same on every server, whatever fonts the system has. */
const FONT_FILES: Record<FontWeight, string> = {
  400: require.resolve('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf'),
  700: require.resolve('@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf'),
};

export interface RenderedCard {
  format: CardFormat;
  width: number;
  height: number;
  png: Buffer;
  /** Raw RGBA pixels, kept only to derive a JPEG from. */
  pixels: Buffer;
}

/**
 * SVG to PNG on the server with resvg (no browser), in Inter. The same font files measure the text
 * (fontkit's layout, kerning included) and draw it, so a line cut to fit is drawn as wide as measured.
 */
export class CardRenderer {
  private readonly fonts = new Map<FontWeight, fontkit.Font>();

  constructor() {
    for (const [weight, file] of Object.entries(FONT_FILES)) {
      const font = fontkit.openSync(file);
      if (!('layout' in font)) throw new Error(`${file} is a font collection, not a font`);
      this.fonts.set(Number(weight) as FontWeight, font);
    }
  }

  readonly measure: Measure = (text, size, weight) => {
    const font = this.fonts.get(weight)!;
    return (font.layout(text).advanceWidth * size) / font.unitsPerEm;
  };

  render(facts: CardFacts, format: CardFormat): RenderedCard {
    const svg = cardSvg(facts, format, this.measure);
    const resvg = new Resvg(svg, {
      font: { fontFiles: Object.values(FONT_FILES), loadSystemFonts: false, defaultFontFamily: CARD_FONT_FAMILY },
      fitTo: { mode: 'width', value: CARD_FORMATS[format].width },
    });
    const image = resvg.render();
    return { format, width: image.width, height: image.height, png: image.asPng(), pixels: Buffer.from(image.pixels) };
  }

  /** Instagram takes JPEG only. */
  jpeg(card: RenderedCard, quality = 88): Buffer {
    return jpeg.encode({ data: card.pixels, width: card.width, height: card.height }, quality).data;
  }
}
