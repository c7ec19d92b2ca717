import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OutboundCard } from '../../src/modules/channels/channel-adapter.types';
import { CardRenderer } from '../../src/modules/cards/card-render.adapter';

/**
 * A real card (rendered as the product renders it) and the public address of its JPEG, served by a
 * small HTTP server standing for the app's /public/cards/... route, where Instagram downloads it.
 */
export class CardFixture {
  card!: OutboundCard;
  png!: Buffer;
  jpeg!: Buffer;
  downloads = 0;
  private server?: Server;

  async start(): Promise<this> {
    const renderer = new CardRenderer();
    const facts = { prefecture: 'Préfecture des Vosges', kindLabel: 'Inondation', headline: 'Crue de la Moselle à Épinal', at: new Date('2026-12-06T14:05:00Z'), exercise: false };
    const cards = await renderer.render(facts);
    this.png = cards.landscape;
    this.jpeg = cards.squareJpeg;
    this.server = createServer((req, res) => {
      this.downloads++;
      if (req.url !== '/public/cards/m-1/square.jpg') return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': this.jpeg.length }).end(this.jpeg);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/public/cards/m-1/square.jpg`;
    this.card = { alt: 'Inondation : Crue de la Moselle à Épinal. Préfecture des Vosges.', landscape: this.png, squareJpegUrl: url };
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
