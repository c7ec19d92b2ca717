/**
 * A password is refused when it is too short or when it is one that attackers
 * try first: a published list of common passwords (passed in, so this stays
 * pure), the user's own name, or one or two characters repeated.
 */
export const MIN_PASSWORD_LENGTH = 12;

export type PasswordVerdict = { ok: true } | { ok: false; code: 'password_too_short' | 'password_common' | 'password_repetitive'; message: string };

export function checkPassword(password: string, username: string, common: ReadonlySet<string>): PasswordVerdict {
  if ([...password].length < MIN_PASSWORD_LENGTH) return { ok: false, code: 'password_too_short', message: `password must have at least ${MIN_PASSWORD_LENGTH} characters` };
  const folded = password.toLowerCase();
  if (common.has(folded))
    return { ok: false, code: 'password_common', message: 'password is on the list of common passwords that attackers try first: choose another one (a few unrelated words make a strong one)' };
  if (username && folded === username.toLowerCase()) return { ok: false, code: 'password_common', message: 'password must not be the user name' };
  if (new Set(folded).size <= 2) return { ok: false, code: 'password_repetitive', message: 'password must not be one or two characters repeated' };
  return { ok: true };
}
