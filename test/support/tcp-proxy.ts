import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a server (PostgreSQL in the fault tests).
 * `cut()` destroys every open connection and refuses the new ones (accepted and
 * reset at once, as a server down or a firewall rejecting would);
 * `cut('silent')` is a partition: nothing is forwarded any more and nothing is
 * answered, open connections and new ones just hang. `restore()` forwards again
 * (connections held by a silent cut are reset then, as when a long partition heals).
 */
export class TcpProxy {
  port = 0;
  /** Connections accepted and forwarded, and those refused while cut. */
  forwarded = 0;
  refused = 0;
  private server?: Server;
  private readonly open = new Set<Socket>();
  private isCut: false | 'reset' | 'silent' = false;
  private readonly held = new Set<Socket>();

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

  /** Every open connection reset and every new one refused ('reset'), or everything left hanging ('silent'), until restore(). */
  cut(mode: 'reset' | 'silent' = 'reset'): void {
    this.isCut = mode;
    for (const s of this.open) {
      if (mode === 'reset') s.destroy();
      else {
        s.unpipe();
        s.pause();
        this.held.add(s);
      }
    }
    this.open.clear();
  }

  restore(): void {
    this.isCut = false;
    for (const s of this.held) s.destroy();
    this.held.clear();
  }

  async stop(): Promise<void> {
    this.restore();
    this.cut();
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  private accept(client: Socket): void {
    if (this.isCut) {
      this.refused++;
      if (this.isCut === 'reset') client.resetAndDestroy();
      else {
        client.pause();
        client.on('error', () => client.destroy());
        this.held.add(client);
      }
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
