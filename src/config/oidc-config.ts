import { z } from 'zod';
import { ClaimRule, parseClaimRules } from '../domain/auth/claims-role.policy';

/**
 * Sign-in through the state's identity federation (OpenID Connect, as
 * ProConnect offers). Off unless OIDC_ISSUER is set; then the client id,
 * secret and (by default derived) redirect URL must be set too.
 */
export const oidcEnvShape = {
  OIDC_ISSUER: z.url({ message: "expected the provider's issuer URL, such as https://auth.agentconnect.gouv.fr/api/v2" }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(16, { message: 'expected the client secret given by the provider (at least 16 characters)' }).optional(),
  OIDC_REDIRECT_URL: z.url({ message: 'expected an absolute URL ending in /api/auth/oidc/callback' }).optional(),
  OIDC_POST_LOGOUT_REDIRECT_URL: z.url({ message: 'expected an absolute URL of the console, such as https://crise.vosges.gouv.fr/' }).optional(),
  OIDC_SCOPES: z
    .string()
    .regex(/^[\w:.-]+( [\w:.-]+)*$/, { message: 'expected scopes separated by spaces, such as "openid email given_name usual_name siret"' })
    .default('openid email'),
  OIDC_LABEL: z.string().min(1).max(40).default('ProConnect'),
  OIDC_ROLE_RULES: z.string().default(''),
  LOCAL_LOGIN: z.enum(['all', 'admin'], { message: 'expected all (every local account may log in with a password) or admin (only the break-glass admin)' }).default('all'),
};

type Env = z.output<z.ZodObject<typeof oidcEnvShape>> & { PUBLIC_BASE_URL: string };

export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Never logged, returned or audited. */
  clientSecret: string;
  redirectUrl: string;
  postLogoutRedirectUrl: string;
  scopes: string;
  label: string;
  roleRules: ClaimRule[];
  /** Plain HTTP is accepted only for a provider on this machine (tests, a local mock). */
  allowHttp: boolean;
}

export type OidcConfigResult = { ok: true; oidc: OidcConfig | null; localLogin: 'all' | 'admin' } | { ok: false; variable: string; message: string };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function oidcConfig(e: Env): OidcConfigResult {
  const base = e.PUBLIC_BASE_URL.replace(/\/$/, '');
  if (!e.OIDC_ISSUER) {
    const stray = (['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL'] as const).find((k) => e[k]);
    if (stray) return { ok: false, variable: 'OIDC_ISSUER', message: `required when ${stray} is set (the provider's issuer URL)` };
    if (e.LOCAL_LOGIN === 'admin') return { ok: false, variable: 'LOCAL_LOGIN', message: 'admin needs OIDC_ISSUER: without a provider nobody but the admin could log in' };
    return { ok: true, oidc: null, localLogin: e.LOCAL_LOGIN };
  }
  if (!e.OIDC_CLIENT_ID) return { ok: false, variable: 'OIDC_CLIENT_ID', message: 'required with OIDC_ISSUER (the client id given by the provider)' };
  if (!e.OIDC_CLIENT_SECRET) return { ok: false, variable: 'OIDC_CLIENT_SECRET', message: 'required with OIDC_ISSUER (the client secret given by the provider)' };
  const issuer = new URL(e.OIDC_ISSUER);
  const allowHttp = LOOPBACK.has(issuer.hostname);
  if (issuer.protocol !== 'https:' && !allowHttp) return { ok: false, variable: 'OIDC_ISSUER', message: 'expected an https:// URL (plain http only for a provider on this machine)' };
  const rules = parseClaimRules(e.OIDC_ROLE_RULES);
  if (!rules.ok) return { ok: false, variable: 'OIDC_ROLE_RULES', message: rules.message };
  const redirectUrl = e.OIDC_REDIRECT_URL ?? `${base}/api/auth/oidc/callback`;
  if (!new URL(redirectUrl).pathname.endsWith('/api/auth/oidc/callback')) {
    return { ok: false, variable: 'OIDC_REDIRECT_URL', message: 'expected an absolute URL ending in /api/auth/oidc/callback' };
  }
  return {
    ok: true,
    localLogin: e.LOCAL_LOGIN,
    oidc: {
      issuer: e.OIDC_ISSUER,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      redirectUrl,
      postLogoutRedirectUrl: e.OIDC_POST_LOGOUT_REDIRECT_URL ?? `${base}/console/`,
      scopes: e.OIDC_SCOPES.split(' ').includes('openid') ? e.OIDC_SCOPES : `openid ${e.OIDC_SCOPES}`,
      label: e.OIDC_LABEL,
      roleRules: rules.rules,
      allowHttp,
    },
  };
}
