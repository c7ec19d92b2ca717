import type { AddressInfo, Socket as TcpSocket } from 'node:net';
import { io, Socket } from 'socket.io-client';
import type { TestApp } from '../support/test-app';

/** Cuts every TCP connection to the app and refuses new ones while `blocked`: a network outage, for the live channel. */
export function outageSwitch(t: TestApp) {
  const server = t.app.getHttpServer() as import('node:http').Server;
  const open = new Set<TcpSocket>();
  let blocked = false;
  server.on('connection', (s: TcpSocket) => {
    if (blocked) return void s.destroy();
    open.add(s);
    s.on('close', () => open.delete(s));
  });
  return {
    cut() {
      blocked = true;
      for (const s of open) s.destroy();
    },
    restore() {
      blocked = false;
    },
  };
}

/** The test app listening on a loopback port (socket.io needs a real server). */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

export type Received = { type: string; payload: { eventId: string; type: string; data: Record<string, unknown> } };

export interface LiveClient {
  socket: Socket;
  received: Received[];
  join(eventId: unknown): Promise<{ ok: boolean; error?: string; message?: string; eventId?: string }>;
  next(predicate: (r: Received) => boolean, timeoutMs?: number): Promise<Received>;
  close(): void;
}

/** A connected socket.io client; rejects with the server's refusal (`connect_error`). */
export function connect(url: string, opts: { token?: string; headers?: Record<string, string> } = {}): Promise<LiveClient> {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: opts.token ? { token: opts.token } : {},
    extraHeaders: opts.headers,
  });
  const received: Received[] = [];
  const waiters: { predicate: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];
  socket.onAny((type: string, payload: Received['payload']) => {
    const r = { type, payload };
    received.push(r);
    for (const w of [...waiters]) {
      if (w.predicate(r)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(r);
      }
    }
  });
  const client: LiveClient = {
    socket,
    received,
    join: (eventId) => socket.timeout(30_000).emitWithAck('join', { eventId }),
    next(predicate, timeoutMs = 30_000) {
      const already = received.find(predicate);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no matching live event in time')), timeoutMs);
        waiters.push({ predicate, resolve: (r) => (clearTimeout(timer), resolve(r)) });
      });
    },
    close: () => socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (err: Error & { data?: unknown }) => {
      socket.close();
      reject(Object.assign(new Error(err.message), { data: err.data }));
    });
  });
}
