import { setFlagsFromString } from 'node:v8';
import { PGlite } from '@electric-sql/pglite';

/**
 * Creates a new PGlite data folder, then exits. Run as a child process on the
 * first start: initdb grows the WebAssembly memory to ~800 MB and WebAssembly
 * memory never shrinks, so the long-running process must not be the one that
 * pays for it (it reopens the folder at ~250 MB).
 */
async function init(dataDir: string): Promise<void> {
  setFlagsFromString('--liftoff-only');
  const db = await PGlite.create({ dataDir });
  await db.close();
}

if (require.main === module) {
  init(process.argv[2]).then(
    () => process.exit(0),
    (e) => {
      process.stderr.write(`Could not create the embedded database in ${process.argv[2]}: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
