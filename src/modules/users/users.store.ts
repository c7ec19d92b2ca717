import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { UserEntity } from './user.entity';

/** The users table for the users module. `m`: the caller's transaction, else the default connection. */
@Injectable()
export class UsersStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  existsNamed(username: string): Promise<boolean> {
    return this.dataSource.getRepository(UserEntity).exists({ where: { username } });
  }

  /** Inserts the user unless the name is taken (a unique index decides between instances); its id, or undefined. */
  async insertUnlessNamed(m: EntityManager, values: Pick<UserEntity, 'username' | 'displayName' | 'role' | 'passwordHash'>): Promise<string | undefined> {
    const result = await m.createQueryBuilder().insert().into(UserEntity).values(values).orIgnore().returning('id').execute();
    return result.raw[0]?.id as string | undefined;
  }

  /** `m`: the caller's transaction, when it reads inside one (on the embedded database, a read beside it waits for it to end). */
  byName(username: string, m: EntityManager = this.dataSource.manager): Promise<UserEntity | null> {
    return m.getRepository(UserEntity).findOne({ where: { username } });
  }

  /** Every user, by name. */
  all(): Promise<UserEntity[]> {
    return this.dataSource.getRepository(UserEntity).find({ order: { username: 'ASC' } });
  }

  byId(id: string, m: EntityManager = this.dataSource.manager): Promise<UserEntity | null> {
    return m.findOne(UserEntity, { where: { id } });
  }
}
