import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { AppError, forbidden, unauthorized } from '../../common/app-error';
import { ReadCoalescer } from '../../common/read-coalescer';
import { DATABASE_HANDLE, DatabaseHandle } from '../../database/database-handle';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { UsersService } from '../users/users.service';
import { UnitOfWork, Work } from '../unit-of-work/unit-of-work.service';
import { NO_PASSWORD } from '../users/users.types';
import { AuthStore, SessionUserRow } from './auth.store';
import { LoginFailureEntity } from './login-failure.entity';
import { SessionUser } from '../../access';
import { SessionEntity } from './session.entity';
import { hashSessionToken, newSessionToken } from './session-token';

// Verifying against a real hash when the user does not exist keeps the answer
// time the same, so timing does not reveal which user names exist.
const DUMMY_HASH = argon2.hash('not-a-real-password-' + Math.random());

/** How long a session found valid is kept on the embedded database (see `held`): what an unforeseen change could outlive at most. */
export const HELD_SESSION_MS = 10_000;

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: Omit<SessionUser, 'sessionId'>;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly store: AuthStore,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_HANDLE) db: DatabaseHandle,
  ) {
    this.sessions = new ReadCoalescer<SessionUserRow | null>(db.mode === 'embedded' ? (row) => (row ? Math.min(HELD_SESSION_MS, row.ms_left) : 0) : undefined);
    // A new password or a deactivation ends the sessions opened with the old state.
    users.onCredentialsRevoked((m, userId) => this.store.revokeAllOf(m, userId));
    users.onUserChanged(() => this.sessions.invalidateAll());
  }

  /**
   * Every request looks its session up: the lookups of one session that arrive
   * while one runs (a console's polls, all at once) share its query, and no
   * lookup started before a logout or a change to a user committed in this
   * process is shared after it.
   *
   * On a server, never a finished answer: several instances share the
   * sessions, and other instances' changes count from the next query. On the
   * embedded database a session found valid is also kept for up to
   * HELD_SESSION_MS, never past its expiry: there the lookup queued behind the
   * delivery worker in PGlite's one session for every request of every console
   * (API p99 252–260 ms for 50 readers during a dispatch). It is safe there
   * because the embedded database has one opener (embedded-lock.ts): every
   * logout, revocation and change to a user goes through this process, which
   * forgets all kept sessions once it has committed.
   */
  private readonly sessions: ReadCoalescer<SessionUserRow | null>;

  async login(usernameInput: string, password: string, address: string): Promise<LoginResult> {
    const username = usernameInput.toLowerCase();
    await this.refuseWhenThrottled(username, address);

    const user = await this.users.findForLogin(username);
    // A user made at a federated sign-in has no password (NO_PASSWORD): it verifies against the dummy, and fails.
    const hasPassword = !!user && user.passwordHash !== NO_PASSWORD;
    const valid = hasPassword ? await argon2.verify(user.passwordHash, password) : await argon2.verify(await DUMMY_HASH, password).then(() => false);
    if (!user || !valid || !user.active) {
      await this.uow.run(async (work) => {
        const m = work.manager;
        await m.insert(LoginFailureEntity, { username, address });
        await work.audit({
          actor: 'anonymous',
          action: 'auth.login_failed',
          subjectType: 'user',
          subjectId: user?.id ?? null,
          payload: { username, address, reason: !user ? 'unknown_user' : !valid ? 'wrong_password' : 'inactive_user' },
        });
      });
      throw unauthorized('bad_credentials', 'Wrong user name or password.');
    }
    // Checked after the password, so that the answer does not tell which accounts exist.
    if (this.config.localLogin === 'admin' && user.username !== 'admin') {
      // No change to record with it: the audit entry is its own transaction.
      await this.audit.append({ actor: user.username, action: 'auth.login_failed', subjectType: 'user', subjectId: user.id, payload: { username, address, reason: 'local_login_disabled' } });
      throw forbidden('local_login_disabled', `Passwords are reserved for the administrator here: sign in with ${this.config.oidc?.label ?? 'the identity federation'}.`);
    }

    return this.uow.run(async (work) => {
      await this.store.clearFailures(work.manager, username);
      return this.openSession(work, user, address, { method: 'password' });
    });
  }

  /**
   * A new session for a person whose identity is established (password or
   * federation), audited as `auth.login`, inside the caller's unit of work.
   */
  async openSession(work: Work, user: Omit<SessionUser, 'sessionId'>, address: string, how: { method: 'password' } | { method: 'oidc'; idToken: string; issuer: string }): Promise<LoginResult> {
    const m = work.manager;
    const token = newSessionToken();
    const expiresAt = await this.store.expiryIn(m, this.config.sessionTtlHours);
    const session = await m.save(
      m.create(SessionEntity, { tokenHash: hashSessionToken(token), userId: user.id, expiresAt, address, method: how.method, idToken: how.method === 'oidc' ? how.idToken : null }),
    );
    // Local logins keep their payload; a federated one says so, and by which provider (never a token).
    const payload = how.method === 'oidc' ? { address, method: 'oidc', issuer: how.issuer } : { address };
    await work.audit({ actor: user.username, action: 'auth.login', subjectType: 'session', subjectId: session.id, payload });
    return { token, expiresAt: session.expiresAt, user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role } };
  }

  /** Counts recent failures in the database, so the limit holds across instances and restarts. */
  private async refuseWhenThrottled(username: string, address: string): Promise<void> {
    const { perUser, perAddress, windowMinutes } = this.config.loginLimits;
    const row = await this.store.recentFailures(username, address, windowMinutes);
    const limited = row.by_user >= perUser ? 'user' : row.by_address >= perAddress ? 'address' : null;
    if (!limited) return;
    // No change to record with it: the audit entry is its own transaction.
    await this.audit.append({ actor: 'anonymous', action: 'auth.login_throttled', subjectType: 'user', subjectId: null, payload: { username, address, limitedBy: limited } });
    const wait = Math.max(1, Number(row.wait_minutes) || windowMinutes);
    throw new AppError(
      HttpStatus.TOO_MANY_REQUESTS,
      'too_many_failed_logins',
      `Too many failed logins ${limited === 'user' ? 'for this account' : 'from this address'}. Try again in ${wait} minute${wait > 1 ? 's' : ''}, or ask an administrator.`,
      { limitedBy: limited, retryInMinutes: wait },
    );
  }

  async resolveSession(token: string): Promise<SessionUser | null> {
    const hash = hashSessionToken(token);
    const row = await this.sessions.read(hash, () => this.store.sessionUser(hash));
    if (!row) return null;
    return { id: row.id, username: row.username, displayName: row.display_name, role: row.role, sessionId: row.session_id };
  }

  /** Which of these sessions still hold (not revoked, not expired, user active): for long-lived connections. */
  async validSessionIds(sessionIds: string[]): Promise<Set<string>> {
    if (!sessionIds.length) return new Set();
    return new Set(await this.store.validSessionIds(sessionIds));
  }

  /** Ends the session; for a federated one, returns its ID token so that the provider's session can be ended too. */
  async logout(user: SessionUser): Promise<{ method: 'password' | 'oidc'; idToken: string | null }> {
    return this.uow.run(async (work) => {
      const ended = await this.store.revoke(work.manager, user.sessionId);
      work.afterCommit(() => this.sessions.invalidateAll());
      await work.audit({ actor: user.username, action: 'auth.logout', subjectType: 'session', subjectId: user.sessionId });
      return { method: ended?.method ?? 'password', idToken: ended?.id_token ?? null };
    });
  }
}
