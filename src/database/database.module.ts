import { DynamicModule, Global, Module } from '@nestjs/common';
import { DATABASE_HANDLE, DatabaseHandle } from './database-handle';

/** Makes the database handle (mode, URL) available; the connection itself is TypeORM's. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(db: DatabaseHandle): DynamicModule {
    return { module: DatabaseModule, providers: [{ provide: DATABASE_HANDLE, useValue: db }], exports: [DATABASE_HANDLE] };
  }
}
