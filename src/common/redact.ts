const SECRET_KEY = /passw(or)?d|secret|token|(api|app|consumer)[-_]?key|authorization|cookie|credential|private[-_]?key|signature/i;
// `pass` alone, `smtpPass`, `smtp_pass`; not `bypass` or `compass`.
const PASS_KEY = /(^pass$)|([a-z0-9]Pass$)|([_-]pass$)/;

const isSecretKey = (k: string) => SECRET_KEY.test(k) || PASS_KEY.test(k);

export const REDACTED = '[redacted]';

/** A copy of `value` where every member whose name looks like a secret is replaced. */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = isSecretKey(k) ? REDACTED : redactSecrets(v);
    return out as T;
  }
  return value;
}
