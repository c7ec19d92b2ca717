import type { IncomingHttpHeaders } from 'node:http';
import { SESSION_COOKIE } from '../../access';

export interface HandshakeLike {
  headers: IncomingHttpHeaders;
  auth?: Record<string, unknown>;
}

export type HandshakeToken = { ok: true; token: string; via: 'auth' | 'cookie' } | { ok: false; code: 'session_required' | 'cross_origin'; message: string };

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim()) || undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * The session of a socket.io handshake, found the way the HTTP guard finds it:
 * an explicit token (`auth.token`, what an API client or a test sends) wins
 * over the console's HTTP-only cookie.
 *
 * A cookie is sent by the browser whatever page opened the socket, and a
 * WebSocket is not covered by CORS: a cookie handshake whose Origin is another
 * site is refused, so that a page elsewhere cannot listen with the duty
 * officer's session. An explicit token proves its holder chose to send it.
 */
export function tokenFromHandshake(h: HandshakeLike): HandshakeToken {
  const explicit = h.auth?.token;
  if (typeof explicit === 'string' && explicit.trim()) return { ok: true, token: explicit.trim(), via: 'auth' };
  const cookie = cookieValue(h.headers.cookie, SESSION_COOKIE);
  if (!cookie) return { ok: false, code: 'session_required', message: 'You need to log in: this connection has no session.' };
  const origin = h.headers.origin;
  if (origin && !sameHost(origin, h.headers.host)) {
    return { ok: false, code: 'cross_origin', message: 'This connection comes from another site: open the console from this server.' };
  }
  return { ok: true, token: cookie, via: 'cookie' };
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return !!host && new URL(origin).host === host;
  } catch {
    return false;
  }
}
