// jest-light-runner runs tests and hooks without a time limit; a hung test would hang the whole run. Every test
// and hook gets Jest's own rule back here: its own timeout if it gives one, else the file's `jest.setTimeout`,
// else 60 s (what `testTimeout` was).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const circus = require('jest-circus');
const DEFAULT_MS = 60_000;
const timeoutOfFile = new Map();
const currentFile = () => globalThis.expect.getState().testPath;

globalThis.jest.setTimeout = (ms) => {
  timeoutOfFile.set(currentFile(), ms);
  return globalThis.jest;
};

function limited(fn, explicit, file, what) {
  // A callback-style function (done) keeps its arity, which is how the runner tells it apart.
  if (fn.length >= 1) return fn;
  return function timed() {
    const ms = explicit ?? timeoutOfFile.get(file) ?? DEFAULT_MS;
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Exceeded timeout of ${ms} ms for ${what}.`)), ms);
    });
    return Promise.race([Promise.resolve().then(() => fn.call(this)), timeout]).finally(() => clearTimeout(timer));
  };
}

circus.addEventHandler((event, state) => {
  if (event.name === 'add_test') {
    const test = state.currentDescribeBlock.children.at(-1);
    if (test?.type === 'test' && test.fn === event.fn) test.fn = limited(test.fn, event.timeout, currentFile(), 'a test');
  } else if (event.name === 'add_hook') {
    const hook = state.currentDescribeBlock.hooks.at(-1);
    if (hook?.fn === event.fn) hook.fn = limited(hook.fn, event.timeout, currentFile(), `a ${event.hookType} hook`);
  }
});
