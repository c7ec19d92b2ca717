import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The sign-in under way between the redirect to the provider and its return:
 * state, nonce and PKCE verifier, in an HTTP-only cookie signed with a key
 * derived from the client secret. Any instance behind the load balancer can
 * check it (they all have the secret) and nothing is kept on the server;
 * the browser cannot read or alter it.
 */
export const PENDING_COOKIE = 'crisis_oidc';
export const PENDING_PATH = '/api/auth/oidc';

export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  /** Database time (ms since epoch) after which the pending sign-in is refused. */
  expiresAt: number;
}

const keyOf = (clientSecret: string) => createHash('sha256').update(`crisis-oidc-pending|${clientSecret}`).digest();

export function sealPending(p: PendingSignIn, clientSecret: string): string {
  const body = Buffer.from(JSON.stringify(p)).toString('base64url');
  return `${body}.${createHmac('sha256', keyOf(clientSecret)).update(body).digest('base64url')}`;
}

export function openPending(cookie: string | undefined, clientSecret: string): PendingSignIn | null {
  const [body, mac] = (cookie ?? '').split('.');
  if (!body || !mac) return null;
  const expected = createHmac('sha256', keyOf(clientSecret)).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as PendingSignIn;
    return typeof p.state === 'string' && typeof p.nonce === 'string' && typeof p.verifier === 'string' && typeof p.expiresAt === 'number' ? p : null;
  } catch {
    return null;
  }
}

export function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}
