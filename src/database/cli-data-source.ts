import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.options';

/**
 * For the TypeORM CLI (migration:generate), which wants a file exporting exactly
 * one DataSource. It needs DATABASE_URL: generation compares the entities with a
 * real schema that has every existing migration applied.
 */
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required to generate a migration (see README, "Migrations").');

// Several people may have unfinished entities in one working tree: MIGRATION_MODULES
// (e.g. "audit,auth,users,events,contacts") limits generation to those modules.
const modules = process.env.MIGRATION_MODULES?.split(',')
  .map((m) => m.trim())
  .filter(Boolean);
const glob = !modules?.length ? '**' : modules.length === 1 ? modules[0] : `{${modules.join(',')}}`;

export default new DataSource({
  ...dataSourceOptions(url, 2),
  entities: [`${__dirname}/../modules/${glob}/**/*.entity.js`],
});
