import { createHmac, timingSafeEqual } from 'node:crypto';
import { isUuid } from '../ids';

/**
 * The personal acknowledgement link of a page. The token is short enough for
 * an SMS (48 characters): 16 bytes of jti (the page's one-use identifier,
 * stored with the page), 4 bytes of expiry (Unix seconds), then the first 16
 * bytes of an HMAC-SHA256 over both. 128 bits of MAC is far beyond guessing.
 * Signature and expiry are checked here; single use is the database's job
 * (the jti is marked used by a conditional update).
 */

const JTI_BYTES = 16;
const EXP_BYTES = 4;
const MAC_BYTES = 16;
const TOKEN_BYTES = JTI_BYTES + EXP_BYTES + MAC_BYTES;

export type AckTokenRefusal = 'malformed' | 'tampered' | 'expired';
export type AckTokenCheck = { ok: true; jti: string; expiresAt: Date } | { ok: false; code: AckTokenRefusal; expiresAt?: Date };

function mac(key: Buffer, body: Buffer): Buffer {
  return createHmac('sha256', key).update('cell-ack-v1').update(body).digest().subarray(0, MAC_BYTES);
}

/** `jti` is a UUID; the expiry is kept to the second (rounded down: a link never lives longer than said). */
export function signAckToken(jti: string, expiresAt: Date, key: Buffer): string {
  if (!isUuid(jti)) throw new RangeError('jti must be a UUID');
  if (key.length < 32) throw new RangeError('the acknowledgement key must have at least 32 bytes');
  const body = Buffer.alloc(JTI_BYTES + EXP_BYTES);
  Buffer.from(jti.replace(/-/g, ''), 'hex').copy(body, 0);
  body.writeUInt32BE(Math.floor(expiresAt.getTime() / 1000), JTI_BYTES);
  return Buffer.concat([body, mac(key, body)]).toString('base64url');
}

export function verifyAckToken(token: string, key: Buffer, now: Date): AckTokenCheck {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{48}$/.test(token)) return { ok: false, code: 'malformed' };
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== TOKEN_BYTES) return { ok: false, code: 'malformed' };
  const body = raw.subarray(0, JTI_BYTES + EXP_BYTES);
  if (!timingSafeEqual(raw.subarray(JTI_BYTES + EXP_BYTES), mac(key, body))) return { ok: false, code: 'tampered' };
  const expiresAt = new Date(body.readUInt32BE(JTI_BYTES) * 1000);
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, code: 'expired', expiresAt };
  const hex = body.subarray(0, JTI_BYTES).toString('hex');
  const jti = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { ok: true, jti, expiresAt };
}
