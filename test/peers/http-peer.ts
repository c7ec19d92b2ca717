import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a peer saw: enough to assert what went over the wire, and that no secret did. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The body's bytes, for what is not text (an uploaded image). */
  raw: Buffer;
  /** When the request arrived (ms since the epoch): how long a client waited after a 429. */
  at: number;
}

/**
 * A small HTTP server on 127.0.0.1 with a random port, for the peers that
 * answer like a provider. `hang` answers nothing until stop().
 */
export abstract class HttpPeer {
  url = '';
  readonly requests: SeenRequest[] = [];
  private server?: Server;
  private readonly hanging = new Set<ServerResponse>();

  protected abstract handle(req: SeenRequest, res: ServerResponse): void | Promise<void>;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const seen: SeenRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: raw.toString('utf8'), raw, at: Date.now() };
        this.requests.push(seen);
        Promise.resolve(this.handle(seen, res)).catch((e: unknown) => {
          if (!res.headersSent) json(res, 500, { message: `peer failure: ${e instanceof Error ? e.message : String(e)}` });
        });
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /** Keeps the request open without an answer: the client can only time out. */
  protected hang(res: ServerResponse): void {
    this.hanging.add(res);
    res.on('close', () => this.hanging.delete(res));
  }
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * A multipart/form-data body, every part as bytes (a part without a filename is a field, as X sends
 * its media chunks: it must not be decoded as text). Throws on a body that is not multipart.
 */
export function formData(req: SeenRequest): { fields: Record<string, string>; files: Record<string, { name?: string; type: string; bytes: Buffer }> } {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(String(req.headers['content-type'] ?? ''));
  if (!boundary) throw new Error('not a multipart/form-data body');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const fields: Record<string, string> = {};
  const files: Record<string, { name?: string; type: string; bytes: Buffer }> = {};
  let at = req.raw.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (req.raw.subarray(start, start + 2).toString() === '--') break;
    const next = req.raw.indexOf(delimiter, start);
    if (next < 0) break;
    const part = req.raw.subarray(start + 2, next - 2); // after CRLF, before CRLF
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const bytes = Buffer.from(part.subarray(split + 4));
    const name = /name="([^"]*)"/.exec(head)?.[1] ?? '';
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim();
    if (filename !== undefined || (type && !type.startsWith('text/'))) files[name] = { name: filename, type: type ?? 'application/octet-stream', bytes };
    else fields[name] = bytes.toString('utf8');
    at = next;
  }
  return { fields, files };
}

/** PNG and JPEG files start with their signature: a peer checks it got an image, not a mangled body. */
export const isPng = (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
export const isJpeg = (b: Buffer) => b[0] === 0xff && b[1] === 0xd8 && b[b.length - 2] === 0xff && b[b.length - 1] === 0xd9;

/** A failure queued for the next N requests of a kind. */
export class Knob<T> {
  private readonly queue: T[] = [];

  push(value: T, times = 1): void {
    for (let i = 0; i < times; i++) this.queue.push(value);
  }

  take(): T | undefined {
    return this.queue.shift();
  }
}
