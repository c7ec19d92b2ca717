import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startProcess } from '../support/processes';

const TEMPLATES = join(__dirname, '../../templates');

/** A broken approved wording stops the start, naming the file, the line and why: never a bulletin that fails mid-crisis. */
describe('templates checked at boot', () => {
  jest.setTimeout(120_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'crisis-templates-'));
    cpSync(TEMPLATES, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['an undeclared variable', 'layouts/public.x.hbs', (s: string) => s.replace('{{eventTitle}}', '{{eventTitle}} {{victims}}'), /layouts\/public\.x\.hbs:14: .*victims/],
    ['a template that does not compile', 'layouts/elected.sms.hbs', (s: string) => s.replace(/\{\{marker\}\}\s*$/, '{{#if marker}}{{marker}}'), /layouts\/elected\.sms\.hbs:\d+: /],
    ['an unknown partial', 'layouts/media.email.html.hbs', (s: string) => s.replace('{{> advice}}', '{{> conseils}}'), /layouts\/media\.email\.html\.hbs:\d+: unknown partial \{\{> conseils\}\}/],
    [
      "an X post a kind's advice makes too long",
      'kinds/storm.hbs',
      (s: string) => s.replace('Limitez vos déplacements.{{/inline}}', 'Limitez vos déplacements et ne sortez pas avant la fin de la vigilance.{{/inline}}'),
      /kinds\/storm\.hbs:\d+: with .*layouts\/public\.x\.hbs: an X post can reach \d+ weighted characters/,
    ],
  ])('%s', async (_why, file, breakIt, expected) => {
    const path = join(dir, file);
    writeFileSync(path, breakIt(readFileSync(path, 'utf8')));
    const app = startProcess({ PORT: String(await freePort()), DATA_DIR: join(dir, 'data'), TEMPLATES_DIR: dir, ADMIN_PASSWORD: 'template-test-password' });
    const code = await app.exited;
    expect(code).toBe(1);
    expect(app.output()).toMatch(/Start-up failed: \d+ template problems?; fix them before starting/);
    expect(app.output()).toMatch(expected);
  });
});
