import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { projectRoot } from '../../config/project-root';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * The console's files live in `web/console/` at the top of the project, plain
 * HTML, CSS and JavaScript modules with no build step, served from `src/`
 * (tests) and from `dist/src/` (`npm start`) alike. Only the files present at
 * boot are served, by exact name.
 */
export class ConsoleAssets {
  private readonly dir = join(projectRoot(), 'web', 'console');
  private readonly names: Set<string>;

  constructor() {
    if (!existsSync(join(this.dir, 'index.html'))) throw new Error(`${this.dir}/index.html not found: the console files are missing from this installation`);
    this.names = new Set(readdirSync(this.dir).filter((n) => TYPES[extname(n)] && !n.endsWith('.d.ts')));
  }

  async read(name: string): Promise<{ body: Buffer; type: string } | null> {
    if (!this.names.has(name)) return null;
    return { body: await readFile(join(this.dir, name)), type: TYPES[extname(name)] };
  }
}
