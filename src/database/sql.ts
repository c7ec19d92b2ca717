import { EntityManager } from 'typeorm';

/**
 * Rows of an `UPDATE … RETURNING`. TypeORM's `query()` answers UPDATE and DELETE
 * with `[rows, affectedCount]` on PostgreSQL, and SELECT with the rows alone.
 */
export async function updateReturning<T>(m: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result = await m.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/** The error of a statement refused by a unique index or constraint (PostgreSQL 23505), raw or wrapped by TypeORM. */
export const isUniqueViolation = (e: unknown): boolean => (e as { code?: string })?.code === '23505' || (e as { driverError?: { code?: string } })?.driverError?.code === '23505';

/**
 * A SELECT that one module's store writes and another's uses inside its own
 * statement (INSERT … SELECT): the rows never come up to the application.
 * `build(first)` numbers its parameters from `$first`.
 */
export interface SqlSelect {
  build(first: number): { sql: string; params: unknown[] };
}
