import { Inject, Injectable, Logger } from '@nestjs/common';
import * as client from 'openid-client';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { OidcConfig } from '../../config/oidc-config';
import { roleFromClaims } from '../../domain/auth/claims-role.policy';
import { AuditService } from '../audit/audit.service';
import { UnitOfWork, Work } from '../unit-of-work/unit-of-work.service';
import { UsersService } from '../users/users.service';
import { NO_PASSWORD } from '../users/users.types';
import type { Role, SessionUser } from '../../access';
import { AuthService, LoginResult } from './auth.service';
import { AuthStore } from './auth.store';
import { openPending, PendingSignIn, sealPending } from './pending-signin-token';

/** Why a federated sign-in was refused: the code goes back to the login page, the detail only to the audit log. */
export class FederatedSignInError extends Error {
  constructor(
    readonly code:
      'oidc_off' | 'no_pending_signin' | 'state_mismatch' | 'signin_expired' | 'provider_error' | 'token_rejected' | 'provider_unreachable' | 'no_email' | 'not_authorized' | 'account_disabled',
    readonly detail?: string,
  ) {
    super(code);
  }
}

const PENDING_MINUTES = 10;

/**
 * Sign-in through the state's identity federation with openid-client:
 * authorization code with PKCE, state and nonce checked, the ID token verified
 * against the provider's published keys, logout at the provider.
 * The provider's metadata is fetched at the first sign-in, not at boot, so
 * the console starts (and local break-glass logins work) while it is unreachable.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger(OidcService.name);
  private discovered?: Promise<client.Configuration>;

  constructor(
    private readonly store: AuthStore,
    private readonly uow: UnitOfWork,
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get settings(): OidcConfig | null {
    return this.config.oidc;
  }

  private get oidc(): OidcConfig {
    if (!this.config.oidc) throw new FederatedSignInError('oidc_off');
    return this.config.oidc;
  }

  private provider(): Promise<client.Configuration> {
    const o = this.oidc;
    this.discovered ??= client
      .discovery(new URL(o.issuer), o.clientId, { redirect_uris: [o.redirectUrl] }, client.ClientSecretBasic(o.clientSecret), {
        execute: o.allowHttp ? [client.allowInsecureRequests] : [],
        timeout: 10,
      })
      .catch((e: unknown) => {
        // Not cached: the next sign-in tries again.
        this.discovered = undefined;
        this.logger.warn(`identity provider metadata unavailable: ${e instanceof Error ? e.message : String(e)}`);
        throw new FederatedSignInError('provider_unreachable', e instanceof Error ? e.message : String(e));
      });
    return this.discovered;
  }

  /** The provider's authorization URL and the sealed cookie that remembers this sign-in. */
  async start(): Promise<{ url: string; cookie: string; maxAgeMs: number }> {
    const o = this.oidc;
    const provider = await this.provider();
    const now = await this.store.now();
    const pending: PendingSignIn = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      expiresAt: now.getTime() + PENDING_MINUTES * 60_000,
    };
    const url = client.buildAuthorizationUrl(provider, {
      redirect_uri: o.redirectUrl,
      scope: o.scopes,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, cookie: sealPending(pending, o.clientSecret), maxAgeMs: PENDING_MINUTES * 60_000 };
  }

  /** The provider's answer: checks it, finds or creates the user, opens a session. */
  async callback(callbackUrl: URL, pendingCookie: string | undefined, address: string): Promise<LoginResult> {
    try {
      return await this.complete(callbackUrl, pendingCookie, address);
    } catch (e) {
      const err = e instanceof FederatedSignInError ? e : new FederatedSignInError('token_rejected', reasonOf(e));
      await this.audit.append({
        actor: 'anonymous',
        action: 'auth.login_failed',
        subjectType: 'user',
        subjectId: null,
        payload: { method: 'oidc', address, reason: err.code, ...(err.detail ? { detail: err.detail.slice(0, 300) } : {}) },
      });
      throw err;
    }
  }

  private async complete(callbackUrl: URL, pendingCookie: string | undefined, address: string): Promise<LoginResult> {
    const o = this.oidc;
    const pending = openPending(pendingCookie, o.clientSecret);
    if (!pending) throw new FederatedSignInError('no_pending_signin');
    if ((await this.store.now()).getTime() > pending.expiresAt) throw new FederatedSignInError('signin_expired');
    const providerError = callbackUrl.searchParams.get('error');
    if (providerError) throw new FederatedSignInError('provider_error', `${providerError}: ${callbackUrl.searchParams.get('error_description') ?? ''}`);
    if (callbackUrl.searchParams.get('state') !== pending.state) throw new FederatedSignInError('state_mismatch');

    const provider = await this.provider();
    const tokens = await client.authorizationCodeGrant(provider, callbackUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims || !tokens.id_token) throw new FederatedSignInError('token_rejected', 'no ID token');
    // ProConnect, like most providers, puts the profile (email, siret, groups) at the userinfo endpoint.
    const info = provider.serverMetadata().userinfo_endpoint ? await client.fetchUserInfo(provider, tokens.access_token, idClaims.sub) : {};
    const claims: Record<string, unknown> = { ...info, ...idClaims };
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email) throw new FederatedSignInError('no_email', `subject ${idClaims.sub}`);

    const idToken = tokens.id_token;
    return this.uow.run(async (work) => {
      const user = await this.userFor(work, email, claims);
      return this.auth.openSession(work, user, address, { method: 'oidc', idToken, issuer: o.issuer });
    });
  }

  /**
   * A user the admin created with the person's email as user name keeps the
   * role the admin gave. Otherwise the role comes from the claims, at every
   * sign-in (a person who leaves the group loses the role); with no matching
   * rule nobody gets in.
   */
  private async userFor(work: Work, email: string, claims: Record<string, unknown>): Promise<Omit<SessionUser, 'sessionId'>> {
    const o = this.oidc;
    // Read in the sign-in's transaction: a read beside it would wait for it on the embedded database's one session (a deadlock).
    const found = await this.users.findForLogin(email, work.manager);
    if (found && !found.active) throw new FederatedSignInError('account_disabled', email);
    const asSessionUser = (u: { id: string; username: string; displayName: string }, role: Role) => ({ id: u.id, username: u.username, displayName: u.displayName, role });
    if (found && found.passwordHash !== NO_PASSWORD) return asSessionUser(found, found.role);

    const role = roleFromClaims(o.roleRules, claims);
    if (!role) throw new FederatedSignInError('not_authorized', email);
    if (found) {
      if (found.role !== role) {
        await this.users.setRole(work, found.id, role);
        await work.audit({ actor: 'oidc', action: 'user.updated', subjectType: 'user', subjectId: found.id, payload: { username: email, changes: { role }, via: 'oidc' } });
      }
      return asSessionUser(found, role);
    }
    const displayName = displayNameOf(claims, email);
    const id = await this.users.createWithoutPassword(work.manager, { username: email, displayName, role });
    // Two instances may race on a first sign-in: the loser signs in with the winner's row.
    if (!id) return this.userFor(work, email, claims);
    await work.audit({ actor: 'oidc', action: 'user.created', subjectType: 'user', subjectId: id, payload: { username: email, role, displayName, via: 'oidc', issuer: o.issuer } });
    return { id, username: email, displayName, role };
  }

  /** Where to send the browser to end the session at the provider too (RP-initiated logout). */
  async endSessionUrl(idToken: string | null): Promise<string | null> {
    if (!this.config.oidc) return null;
    try {
      const provider = await this.provider();
      if (!provider.serverMetadata().end_session_endpoint) return null;
      const params: Record<string, string> = { post_logout_redirect_uri: this.config.oidc.postLogoutRedirectUrl };
      if (idToken) params.id_token_hint = idToken;
      return client.buildEndSessionUrl(provider, params).href;
    } catch {
      // The local session is over whatever the provider says.
      return null;
    }
  }
}

/** openid-client's message and that of its cause (which says which check failed); never the tokens themselves. */
function reasonOf(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? e.cause.message : '';
  return cause && cause !== e.message ? `${e.message}: ${cause}` : e.message;
}

function displayNameOf(claims: Record<string, unknown>, email: string): string {
  const text = (k: string) => (typeof claims[k] === 'string' ? (claims[k] as string).trim() : '');
  const full = [text('given_name'), text('usual_name') || text('family_name')].filter(Boolean).join(' ') || text('name');
  return (full || email).slice(0, 120);
}
