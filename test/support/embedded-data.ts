import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrations } from '../../migrations';
import { MAIN_JS } from './processes';

const DIST_DATABASE = join(MAIN_JS, '../database');
// The package's exports do not include its package.json.
const PGLITE_VERSION = (JSON.parse(readFileSync(join(__dirname, '../../node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version;

/**
 * For the process tests whose subject is not the first start (a template
 * check, …): a DATA_DIR that already holds an embedded database with every
 * migration applied, so the child skips initdb and the migration run (several
 * seconds each). The folder is built once per set of migrations and PGlite
 * version, in a child process (initdb grows WebAssembly memory that is never
 * given back), under the system's temporary folder, and kept between runs like
 * the server's `crisis_tmpl_<hash>`; each test gets a copy. The first-start
 * tests (test/boot.e2e-spec.ts, the reviewer's journey) keep an empty folder.
 */
export function seedDataDir(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  cpSync(migratedEmbeddedFolder(), join(dataDir, 'pglite'), { recursive: true });
  return dataDir;
}

/**
 * A blank embedded cluster as PGlite dumps it (initdb done, nothing else),
 * for the tests that start an in-memory PGlite: loading it takes a fraction of
 * initdb's time. Built once per PGlite version, in a child process, kept under
 * the temporary folder.
 */
export function blankEmbeddedImage(): Blob {
  const file = join(tmpdir(), `crisis-pglite-${PGLITE_VERSION}-blank.tar`);
  if (!existsSync(file)) {
    const building = `${file}.b${process.pid}`;
    buildInChild(
      'the blank embedded image',
      `const { writeFileSync } = require('node:fs');
       const { PGlite } = require('@electric-sql/pglite');
       const db = await PGlite.create();
       const image = await db.dumpDataDir('none');
       await db.close();
       writeFileSync(process.argv[1], Buffer.from(await image.arrayBuffer()));`,
      building,
    );
    // Whole or not at all: another worker's rename of the same image is as good.
    renameSync(building, file);
  }
  return new Blob([readFileSync(file)]);
}

function migratedEmbeddedFolder(): string {
  const folder = join(tmpdir(), `crisis-pglite-${PGLITE_VERSION}-${migrationsHash()}`);
  if (existsSync(join(folder, 'PG_VERSION'))) return folder;
  const building = `${folder}.b${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  // startEmbeddedPostgres keeps its files under <dataDir>/pglite: that inner folder is the one kept.
  buildInChild(
    'the migrated embedded database',
    `const { startEmbeddedPostgres } = require(${JSON.stringify(join(DIST_DATABASE, 'embedded-postgres.js'))});
     const { runMigrations } = require(${JSON.stringify(join(DIST_DATABASE, 'run-migrations.js'))});
     const pg = await startEmbeddedPostgres({ dataDir: process.argv[1], maxConnections: 4 });
     await runMigrations({ url: pg.url, mode: 'embedded' });
     await pg.stop();`,
    building,
  );
  try {
    renameSync(join(building, 'pglite'), folder);
  } catch (e) {
    // Another worker got there first: theirs is as good.
    if (!existsSync(join(folder, 'PG_VERSION'))) throw e;
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  return folder;
}

/** Runs `body` (async code, `process.argv[1]` is `target`) in a Node child from the project's root: initdb's memory goes with it. */
function buildInChild(what: string, body: string, target: string): void {
  const script = `(async () => { ${body} })().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });`;
  const child = spawnSync(process.execPath, ['-e', script, target], { cwd: join(__dirname, '../..'), encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (child.status !== 0) throw new Error(`building ${what} failed: ${child.stderr}`);
}

/** Names every set of migrations (their names and code): the key of the migrated templates on the server and on disk. */
export function migrationsHash(): string {
  return createHash('sha256')
    .update(migrations.map((m) => `${m.name}\n${m.toString()}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
}
