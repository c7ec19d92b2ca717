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
