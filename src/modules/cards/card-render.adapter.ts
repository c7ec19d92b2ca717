import * as fontkit from 'fontkit';
import { Worker } from 'node:worker_threads';
import { CARD_FONT_FAMILY, CARD_FORMATS, CardFacts, cardSvg, FontWeight, Measure } from '../../domain/cards/bulletin-card';

/** The fonts ship in an npm package and are loaded by path: the card looks the same on every server, whatever fonts the system has. */
const FONT_FILES: Record<FontWeight, string> = {
  400: require.resolve('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf'),
  700: require.resolve('@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf'),
};

export interface RenderedCards {
  /** 1080×1080 PNG. */
  square: Buffer;
  /** 1080×1080 JPEG: Instagram takes JPEG only. */
  squareJpeg: Buffer;
  /** 1200×675 PNG. */
  landscape: Buffer;
}

interface Job {
  name: keyof RenderedCards;
  svg: string;
  width: number;
  jpeg: boolean;
}

/**
 * Runs in a worker thread: rasterising (resvg), PNG and JPEG encoding (jpeg-js, pure JavaScript) take
 * from tens of milliseconds to a second of CPU, which on the main thread would hold up every other
 * send of the delivery worker past its timeout. Plain CommonJS, given the modules' resolved paths, so
 * it runs the same from the build and from the tests.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { Resvg } = require(workerData.resvg);
const jpeg = require(workerData.jpegJs);
const out = {};
for (const job of workerData.jobs) {
  const image = new Resvg(job.svg, { font: { fontFiles: workerData.fonts, loadSystemFonts: false, defaultFontFamily: workerData.family }, fitTo: { mode: 'width', value: job.width } }).render();
  out[job.name] = job.jpeg ? jpeg.encode({ data: image.pixels, width: image.width, height: image.height }, 88).data : image.asPng();
}
parentPort.postMessage(out);
`;

/**
 * SVG to PNG (and JPEG) on the server with resvg, no browser, in Inter. The same font files measure
 * the text (fontkit's layout, kerning included) and draw it, so a line cut to fit is drawn as wide as measured.
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

  /** Every image of a card, drawn in a worker thread so the event loop keeps serving. */
  render(facts: CardFacts): Promise<RenderedCards> {
    const square = cardSvg(facts, 'square', this.measure);
    const jobs: Job[] = [
      { name: 'square', svg: square, width: CARD_FORMATS.square.width, jpeg: false },
      { name: 'squareJpeg', svg: square, width: CARD_FORMATS.square.width, jpeg: true },
      { name: 'landscape', svg: cardSvg(facts, 'landscape', this.measure), width: CARD_FORMATS.landscape.width, jpeg: false },
    ];
    const workerData = { jobs, fonts: Object.values(FONT_FILES), family: CARD_FONT_FAMILY, resvg: require.resolve('@resvg/resvg-js'), jpegJs: require.resolve('jpeg-js') };
    return new Promise((resolve, reject) => {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
      worker.once('message', (out: Record<keyof RenderedCards, Uint8Array>) => {
        const buf = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
        resolve({ square: buf(out.square), squareJpeg: buf(out.squareJpeg), landscape: buf(out.landscape) });
      });
      worker.once('error', reject);
      worker.once('exit', (code) => code !== 0 && reject(new Error(`the card renderer stopped with code ${code}`)));
    });
  }
}
