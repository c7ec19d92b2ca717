import { signAckToken, verifyAckToken } from './ack-token';

const key = Buffer.alloc(32, 7);
const otherKey = Buffer.alloc(32, 8);
const jti = '0b6f3c1e-6f43-4a3e-9d7c-2f9a1b2c3d4e';
const expiresAt = new Date('2026-11-28T04:10:00.000Z');
const token = signAckToken(jti, expiresAt, key);

const flip = (t: string, i: number) => t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1);

describe('acknowledgement tokens', () => {
  it('fits in an SMS link: 48 URL-safe characters', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{48}$/);
  });

  it.each<[string, string, Buffer, string, ReturnType<typeof verifyAckToken>]>([
    ['valid before expiry', token, key, '2026-11-28T04:09:59.999Z', { ok: true, jti, expiresAt }],
    ['expired at the expiry second', token, key, '2026-11-28T04:10:00.000Z', { ok: false, code: 'expired', expiresAt }],
    ['expired later', token, key, '2026-11-29T00:00:00.000Z', { ok: false, code: 'expired', expiresAt }],
    ['the jti changed', flip(token, 3), key, '2026-11-28T03:00:00.000Z', { ok: false, code: 'tampered' }],
    ['the expiry changed (pushed later)', flip(token, 22), key, '2026-11-28T03:00:00.000Z', { ok: false, code: 'tampered' }],
    ['the MAC changed', flip(token, 40), key, '2026-11-28T03:00:00.000Z', { ok: false, code: 'tampered' }],
    ['signed with another key', token, otherKey, '2026-11-28T03:00:00.000Z', { ok: false, code: 'tampered' }],
    ['truncated', token.slice(0, 47), key, '2026-11-28T03:00:00.000Z', { ok: false, code: 'malformed' }],
    ['with padding or foreign characters', `${token.slice(0, 47)}=`, key, '2026-11-28T03:00:00.000Z', { ok: false, code: 'malformed' }],
    ['empty', '', key, '2026-11-28T03:00:00.000Z', { ok: false, code: 'malformed' }],
  ])('%s', (_why, t, k, now, expected) => {
    expect(verifyAckToken(t, k, new Date(now))).toEqual(expected);
  });

  it('a tampered token is refused before its expiry is trusted', () => {
    // An attacker cannot revive an expired link by editing its expiry bytes.
    const expired = signAckToken(jti, new Date('2026-11-28T01:00:00Z'), key);
    for (let i = 20; i < 27; i++) expect(verifyAckToken(flip(expired, i), key, new Date('2026-11-28T03:00:00Z')).ok).toBe(false);
  });

  it('refuses to sign with a short key or a jti that is not a UUID', () => {
    expect(() => signAckToken(jti, expiresAt, Buffer.alloc(16))).toThrow(RangeError);
    expect(() => signAckToken('page-1', expiresAt, key)).toThrow(RangeError);
  });
});
