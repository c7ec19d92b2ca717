import { DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations';

/**
 * Options shared by the application and the migration commands. Migrations are
 * listed explicitly (migrations/index.ts) so the same list runs from TypeScript
 * in tests and from compiled JavaScript in production.
 */
export function dataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    // gen_random_uuid() is core PostgreSQL (13+) and exists in PGlite; uuid-ossp does not.
    uuidExtension: 'pgcrypto',
    migrations,
    migrationsTransactionMode: 'each',
    // A database that stops answering (a partition: no reset, no reply) must not hold callers forever:
    // a new connection, or a wait for a free one, gives up after 15 s; TCP keepalive finds a dead link.
    extra: { max: poolSize, connectionTimeoutMillis: 15_000, keepAlive: true, keepAliveInitialDelayMillis: 10_000 },
  };
}
