import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/**
 * The folder holding package.json, found by walking up from this file: the same
 * answer from `src/` (tests) and `dist/src/` (`npm start`), whatever the
 * current directory of the process that started the product.
 */
export function projectRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

/** A configured path: absolute as given, relative to the project folder otherwise. */
export const fromProjectRoot = (path: string): string => (isAbsolute(path) ? path : resolve(projectRoot(), path));
