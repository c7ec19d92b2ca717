import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * The console's files live in `web/console/` at the top of the project, plain
 * HTML, CSS and JavaScript modules with no build step: found by walking up from
 * this file, so the same lookup works from `src/` (tests) and from `dist/src/`
 * (`npm start`). Only the files present at boot are served, by exact name.
 */
export class ConsoleAssets {
  readonly dir: string;
  private readonly names: Set<string>;

  constructor(from = __dirname) {
    let dir = from;
    while (!existsSync(join(dir, 'web', 'console', 'index.html'))) {
      const up = dirname(dir);
      if (up === dir) throw new Error(`web/console/index.html not found above ${from}: the console files are missing from this installation`);
      dir = up;
    }
    this.dir = join(dir, 'web', 'console');
    this.names = new Set(readdirSync(this.dir).filter((n) => TYPES[extname(n)] && !n.endsWith('.d.ts')));
  }

  async read(name: string): Promise<{ body: Buffer; type: string } | null> {
    if (!this.names.has(name)) return null;
    return { body: await readFile(join(this.dir, name)), type: TYPES[extname(name)] };
  }
}
