import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { badRequest, conflict, notFound } from '../../common/app-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { UnitOfWork, Work } from '../unit-of-work/unit-of-work.service';
import { CreateUserDto, UpdateUserDto, UserView } from './users.dto';
import { UserEntity } from './user.entity';
import { pendingFirstPassword } from './first-password.adapter';
import { UsersStore } from './users.store';
import { NO_PASSWORD } from './users.types';
import type { Role } from '../../access';
import { isUuid } from '../../domain/ids';
import { checkPassword } from '../../domain/auth/password.policy';
import { dictionary } from '@zxcvbn-ts/language-common';

// zxcvbn's list of ~49,000 common passwords (lower case), loaded once.
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(dictionary['passwords-common'] as string[]);

function assertStrongPassword(password: string, username: string): void {
  const verdict = checkPassword(password, username, COMMON_PASSWORDS);
  if (!verdict.ok) throw badRequest(verdict.code, verdict.message);
}

const view = (u: UserEntity): UserView => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  active: u.active,
  createdAt: u.createdAt.toISOString(),
  updatedAt: u.updatedAt.toISOString(),
});

/** What must end with a user's old password or active state, run inside the change's transaction. */
export type CredentialsRevokedListener = (m: EntityManager, userId: string) => Promise<void>;

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);
  private readonly revokedListeners: CredentialsRevokedListener[] = [];
  private readonly changedListeners: (() => void)[] = [];

  constructor(
    private readonly store: UsersStore,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The auth module registers here what ends the sessions opened with a
   * user's old state: auth depends on users, so users cannot call auth.
   */
  onCredentialsRevoked(listener: CredentialsRevokedListener): void {
    this.revokedListeners.push(listener);
  }

  /** Told after the commit of any change to a user (role, active state, password, name): what was read of users before is stale. */
  onUserChanged(listener: () => void): void {
    this.changedListeners.push(listener);
  }

  private changed(work: Work): void {
    for (const listener of this.changedListeners) work.afterCommit(listener);
  }

  /** The first start creates `admin`; with several instances, the unique name lets only one win. */
  async onApplicationBootstrap(): Promise<void> {
    if (await this.store.existsNamed('admin')) return;
    const password = this.config.adminPassword ?? randomBytes(18).toString('base64url');
    const file = this.config.adminPassword ? undefined : pendingFirstPassword(this.config.database.dataDir, password);
    let created = false;
    try {
      created = await this.uow.run(async (work) => {
        const m = work.manager;
        const id = await this.store.insertUnlessNamed(m, { username: 'admin', displayName: 'Administrateur', role: 'admin', passwordHash: await argon2.hash(password) });
        if (id) await work.audit({ actor: 'system', action: 'user.created', subjectType: 'user', subjectId: id, payload: { username: 'admin', role: 'admin', bootstrap: true } });
        return Boolean(id);
      });
    } finally {
      if (!created) file?.discard();
    }
    if (!created) return;
    if (file) {
      // The person installing the product needs it to log in the first time: where it is, never what it is.
      this.logger.warn(
        `First start: created user "admin" with a generated password, written to ${file.keep()} (readable by this account only). Log in, change it (PATCH /api/users/:id), then delete that file; or set ADMIN_PASSWORD before the first start.`,
      );
    } else {
      this.logger.log('First start: created user "admin" with the password from ADMIN_PASSWORD.');
    }
  }

  /** `m`: the caller's transaction, to read inside it (see UsersStore.byName). */
  async findForLogin(username: string, m?: EntityManager): Promise<UserEntity | null> {
    return this.store.byName(username.toLowerCase(), m);
  }

  /**
   * A user vouched for by the identity federation, created at its first
   * sign-in with no password, inside the caller's unit of work (which audits
   * it). Undefined when the name was taken meanwhile (another instance won).
   */
  createWithoutPassword(m: EntityManager, values: Pick<UserEntity, 'username' | 'displayName' | 'role'>): Promise<string | undefined> {
    return this.store.insertUnlessNamed(m, { ...values, username: values.username.toLowerCase(), passwordHash: NO_PASSWORD });
  }

  /** The role of a federated user follows the provider's claims at each sign-in. */
  async setRole(work: Work, id: string, role: Role): Promise<void> {
    await work.manager.update(UserEntity, { id }, { role });
    this.changed(work);
  }

  async list(): Promise<UserView[]> {
    return (await this.store.all()).map(view);
  }

  async get(id: string): Promise<UserView> {
    return view(await this.load(id));
  }

  async create(dto: CreateUserDto, actor: string): Promise<UserView> {
    const username = dto.username.toLowerCase();
    assertStrongPassword(dto.password, username);
    return this.uow.run(async (work) => {
      const m = work.manager;
      if (await m.exists(UserEntity, { where: { username } })) throw conflict('username_taken', `A user named "${username}" already exists.`);
      const user = await m.save(m.create(UserEntity, { username, displayName: dto.displayName, role: dto.role, passwordHash: await argon2.hash(dto.password) }));
      await work.audit({ actor, action: 'user.created', subjectType: 'user', subjectId: user.id, payload: { username, role: dto.role, displayName: dto.displayName } });
      return view(user);
    });
  }

  async update(id: string, dto: UpdateUserDto, actor: string): Promise<UserView> {
    if (Object.values(dto).every((v) => v === undefined)) throw badRequest('nothing_to_change', 'Nothing to change: send at least one of displayName, role, password, active.');
    return this.uow.run(async (work) => {
      const m = work.manager;
      const user = await this.load(id, m);
      if (user.username === 'admin' && ((dto.role && dto.role !== 'admin') || dto.active === false)) {
        throw badRequest('admin_protected', 'The "admin" user keeps the admin role and stays active: it is the way back in.');
      }
      const changes: Record<string, unknown> = {};
      if (dto.displayName !== undefined) user.displayName = changes.displayName = dto.displayName;
      if (dto.role !== undefined) user.role = changes.role = dto.role;
      if (dto.active !== undefined) user.active = changes.active = dto.active;
      if (dto.password !== undefined) {
        assertStrongPassword(dto.password, user.username);
        user.passwordHash = await argon2.hash(dto.password);
        changes.passwordChanged = true;
      }
      const saved = await m.save(user);
      this.changed(work);
      if (dto.password !== undefined || dto.active === false) {
        // A new password or a deactivation ends the sessions opened with the old state.
        for (const listener of this.revokedListeners) await listener(m, user.id);
      }
      await work.audit({ actor, action: 'user.updated', subjectType: 'user', subjectId: user.id, payload: { username: user.username, changes } });
      return view(saved);
    });
  }

  private async load(id: string, m?: EntityManager): Promise<UserEntity> {
    const user = isUuid(id) ? await this.store.byId(id, m) : null;
    if (!user) throw notFound('user_not_found', `No user with id ${id}.`);
    return user;
  }
}
