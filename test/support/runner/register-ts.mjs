// Loaded once by each test worker (jest-light-runner's setupFiles), before any test file: the worker keeps
// one module cache for every file it runs, so the app and its ~2,000 modules load once per worker, not once per
// file as under Jest's own runner. TypeScript is compiled here, by swc, with the decorator metadata Nest needs.
import { createRequire, register } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

Module._extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...swcOptions, filename });
  module._compile(code, filename);
};
// Stack traces point into the .ts files.
process.setSourceMapsEnabled(true);
// The runner import()s each test file: the hook hands .ts files to the CommonJS loader above.
register('./ts-hooks.mjs', import.meta.url);
