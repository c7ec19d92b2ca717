import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a server (PostgreSQL in the fault tests):
 * `cut()` destroys every open connection and refuses the new ones (accepted and
 * reset at once, as a dead link or a firewall would), `restore()` forwards again.
 */
export class TcpProxy {
  port = 0;
  /** Connections accepted and forwarded, and those refused while cut. */
  forwarded = 0;
  refused = 0;
  private server?: Server;
  private readonly open = new Set<Socket>();
  private isCut = false;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<this> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  get cutOff(): boolean {
    return this.isCut;
  }

  /** Every open connection reset, every new one refused, until restore(). */
  cut(): void {
    this.isCut = true;
    for (const s of this.open) s.destroy();
    this.open.clear();
  }

  restore(): void {
    this.isCut = false;
  }

  async stop(): Promise<void> {
    this.cut();
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  private accept(client: Socket): void {
    if (this.isCut) {
      this.refused++;
      client.resetAndDestroy();
      return;
    }
    this.forwarded++;
    const upstream = createConnection(this.target);
    this.open.add(client);
    this.open.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.open.delete(client);
      this.open.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
