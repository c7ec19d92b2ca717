import type { DynamicModule, Type } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { Test, TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Logger, LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { loggerParams } from '../../src/common/logging';
import { usePinoRootLogger } from '../../src/common/pino-root-logger';
import { loadConfig } from '../../src/config/app-config';
import { ConfigModule } from '../../src/config/config.module';
import { dataSourceOptions } from '../../src/database/data-source.options';
import type { DatabaseHandle } from '../../src/database/database-handle';
import { DatabaseModule } from '../../src/database/database.module';
import { runMigrations } from '../../src/database/run-migrations';
import { collectLogs, processLogStream } from './process-log';
import { createTestDatabase } from './test-database';

/**
 * The medium tier (files named `*.medium-spec.ts`): the real modules a service
 * needs, wired by Nest as in the app, on a real database of the file's own
 * (cloned from the migrated template), without HTTP, controllers' pipes or the
 * other modules. For tests that call services: they pay neither for the whole
 * application nor for a web server. What goes through HTTP stays in e2e.
 */
export interface MediumModule {
  module: TestingModule;
  db: DatabaseHandle;
  /** Every JSON log line the modules wrote, raw. */
  logs: string[];
  /** A provider of any imported module, exported or not (the test reaches inside, as a unit test would). */
  get<T>(type: Type<T> | Function | string | symbol): T;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function startMedium(imports: (Type<unknown> | DynamicModule)[], env: Record<string, string> = {}, opts: { db?: DatabaseHandle } = {}): Promise<MediumModule> {
  const config = loadConfig({ ADMIN_PASSWORD: 'admin-password-for-tests', LOG_LEVEL: 'info', CHANNEL_CHECK_MINUTES: '0', ...env });
  const db = opts.db ?? (await createTestDatabase());
  const log = collectLogs();
  let module: TestingModule | undefined;
  try {
    // Nothing to apply on a database cloned from the template; the embedded one starts empty.
    await runMigrations(db);
    usePinoRootLogger(loggerParams(config, processLogStream));
    module = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(db),
        LoggerModule.forRoot(loggerParams(config, processLogStream)),
        TypeOrmModule.forRoot({ ...dataSourceOptions(db.url, db.poolSize), autoLoadEntities: true }),
        ScheduleModule.forRoot(),
        ...imports,
      ],
    }).compile();
    module.useLogger(module.get(Logger));
    await module.init();
  } catch (e) {
    await module?.close().catch(() => undefined);
    log.stop();
    if (!opts.db) await db.stop();
    throw e;
  }
  const m = module;
  return {
    module: m,
    db,
    logs: log.lines,
    get: (type) => m.get(type, { strict: false }),
    sql: (text, params = []) => m.get(DataSource).query(text, params),
    async close() {
      try {
        await m.close();
      } finally {
        log.stop();
      }
      if (!opts.db) await db.stop();
    },
  };
}
