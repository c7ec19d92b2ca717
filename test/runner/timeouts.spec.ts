import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * jest-light-runner enforces no timeout of its own: test/support/runner/timeouts.mjs puts Jest's rule back. A run
 * of a fixture whose tests hang shows it: each fails with Jest's message after its timeout, and the run goes on.
 */
describe('the test runner', () => {
  it("ends a hung test at its file's or its own timeout and goes on to the next", () => {
    const root = join(__dirname, '..', '..');
    const run = spawnSync(process.execPath, [join(root, 'node_modules/jest/bin/jest.js'), '--rootDir', root, '--testMatch', '**/test/runner/fixtures/timeouts.fixture.ts', '--json'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    const result = JSON.parse(run.stdout) as { testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[] };
    const tests = result.testResults[0].assertionResults.map((t) => [t.title, t.status, t.failureMessages.join('')]);
    expect(tests).toEqual([
      ['hangs past the file timeout', 'failed', expect.stringContaining('Exceeded timeout of 1000 ms for a test.')],
      ['hangs past its own timeout (1)', 'failed', expect.stringContaining('Exceeded timeout of 300 ms for a test.')],
      ['passes after the ones that hung', 'passed', ''],
    ]);
  });
});
