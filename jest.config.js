module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  // Three tiers, by file suffix: *.spec.ts (pure code, no database), *.medium-spec.ts (services wired by Nest on a
  // real database cloned from the migrated template, no HTTP: test/support/medium.ts), *.e2e-spec.ts (the whole app).
  testMatch: ['**/*.spec.ts', '**/*.medium-spec.ts', '**/*.e2e-spec.ts'],
  // Each worker (a thread) keeps its module cache from one test file to the next (Jest's own runner loaded every
  // module again for every file: about 2 s of CPU per file that starts the app). Files share no state through it:
  // each starts its own app on its own database. TypeScript: test/support/runner/register-ts.mjs. Threads, not
  // the runner's child processes: 0.8.2 hands its settings to a child through one channel shared by all of them,
  // and a child that asks after another may never get them (a worker waited for ever in a run of four).
  runner: 'jest-light-runner',
  setupFiles: ['<rootDir>/test/support/runner/register-ts.mjs'],
  setupFilesAfterEnv: ['<rootDir>/test/support/runner/timeouts.mjs'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // Most of a file's time is waiting (the app's timers, the peers, a browser), not CPU: four workers on two cores
  // overlap the waits; with the module cache shared, a worker more costs one load of the app, not one per file.
  maxWorkers: 4,
};
