import { EntityManager } from 'typeorm';

/**
 * The one clock of the product: the database's. Application servers may drift;
 * every recorded time and every deadline is measured against this one.
 */
export async function databaseNow(manager: EntityManager): Promise<Date> {
  const [row] = await manager.query('SELECT clock_timestamp() AS now');
  return new Date(row.now);
}
