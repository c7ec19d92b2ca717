import { createHash, randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { SESSION_COOKIE } from '../../access';

export const newSessionToken = () => randomBytes(32).toString('base64url');
export const hashSessionToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The bearer token wins over the cookie: an API client states its session explicitly. */
export function tokenFromRequest(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || undefined;
  const cookie = (req as Request & { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE];
  return cookie || undefined;
}
