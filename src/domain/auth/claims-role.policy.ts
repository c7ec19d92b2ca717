/**
 * Which role a person signing in through the identity federation gets, from
 * the claims the provider vouches for (ProConnect: email, siret, organizational
 * unit, groups). Rules are tried in order and the first that matches wins, so
 * a configuration reads top-down like a firewall.
 *
 * `admin` is never granted by a rule: the administrator is a break-glass local
 * account or a user the administrator created by hand, so that a compromised
 * or misconfigured provider cannot hand out the keys.
 */
export const MAPPABLE_ROLES = ['prefect', 'duty_officer', 'communication', 'reviewer'] as const;
export type MappableRole = (typeof MAPPABLE_ROLES)[number];

export interface ClaimRule {
  claim: string;
  /** Exact value, or for `email` a domain written `@vosges.gouv.fr`. */
  value: string;
  role: MappableRole;
}

export type ParsedRules = { ok: true; rules: ClaimRule[] } | { ok: false; message: string };

/** `claim=value:role;claim=value:role`, e.g. `groups=cod-prefet:prefect;email=@vosges.gouv.fr:reviewer`. */
export function parseClaimRules(text: string): ParsedRules {
  const rules: ClaimRule[] = [];
  for (const raw of text
    .split(';')
    .map((r) => r.trim())
    .filter(Boolean)) {
    const eq = raw.indexOf('=');
    const colon = raw.lastIndexOf(':');
    if (eq < 1 || colon < eq + 2) return { ok: false, message: `rule "${raw}" is not claim=value:role (e.g. groups=cod-prefet:prefect)` };
    const claim = raw.slice(0, eq).trim();
    const value = raw.slice(eq + 1, colon).trim();
    const role = raw.slice(colon + 1).trim();
    if (!/^[A-Za-z_][\w.-]*$/.test(claim)) return { ok: false, message: `rule "${raw}": "${claim}" is not a claim name` };
    if (!(MAPPABLE_ROLES as readonly string[]).includes(role)) {
      return { ok: false, message: `rule "${raw}": the role must be one of ${MAPPABLE_ROLES.join(', ')} (admin is never granted by the provider)` };
    }
    rules.push({ claim, value, role: role as MappableRole });
  }
  return { ok: true, rules };
}

function matches(rule: ClaimRule, claimValue: unknown): boolean {
  const values = Array.isArray(claimValue) ? claimValue : [claimValue];
  return values.some((v) => {
    if (typeof v !== 'string' && typeof v !== 'number') return false;
    const s = String(v);
    if (rule.claim === 'email' && rule.value.startsWith('@')) return s.toLowerCase().endsWith(rule.value.toLowerCase());
    return s === rule.value;
  });
}

/** The role of the first matching rule, or null: nobody gets in by default. */
export function roleFromClaims(rules: readonly ClaimRule[], claims: Record<string, unknown>): MappableRole | null {
  for (const rule of rules) if (matches(rule, claims[rule.claim])) return rule.role;
  return null;
}
