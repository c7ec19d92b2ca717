import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { projectRoot } from '../../config/project-root';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/**
 * The state's design system (DSFR, `@gouvfr/dsfr`), served from the package's
 * `dist/` folder by this server under `/dsfr/`: the crisis room may be cut off
 * from the internet, so no page loads it from a CDN. Pinned to 1.14.x: 1.15
 * ships a preinstall script that fails outside a DSFR project.
 */
export class DsfrAssets {
  readonly dir = join(projectRoot(), 'node_modules', '@gouvfr', 'dsfr', 'dist');

  constructor() {
    if (!existsSync(join(this.dir, 'dsfr.min.css'))) throw new Error(`${this.dir}/dsfr.min.css not found: the design system (@gouvfr/dsfr) is missing from this installation`);
  }

  /** `segments` as the router gives them; anything outside `dist/` or of another type is not served. */
  async read(segments: string[]): Promise<{ body: Buffer; type: string } | null> {
    const type = TYPES[extname(segments.at(-1) ?? '')];
    if (!type || segments.some((s) => s === '..' || s.includes(sep) || s.includes('\0'))) return null;
    const path = normalize(join(this.dir, ...segments));
    if (!path.startsWith(this.dir + sep)) return null;
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    return { body: await readFile(path), type };
  }
}
