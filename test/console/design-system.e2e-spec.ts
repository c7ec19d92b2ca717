import { startTestApp, TestApp } from '../support/test-app';

describe('the design system (DSFR) served by the app itself', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['dsfr.min.css', 'text/css; charset=utf-8'],
    ['utility/icons/icons.min.css', 'text/css; charset=utf-8'],
    ['fonts/Marianne-Bold.woff2', 'font/woff2'],
    ['dsfr.module.min.js', 'text/javascript; charset=utf-8'],
  ])('serves /dsfr/%s without login, as %s', async (file, type) => {
    const res = await t.http().get(`/dsfr/${file}`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(500);
  });

  it.each([
    ['a file of a type it does not serve', '/dsfr/dsfr.min.css.map'],
    ['a file outside the package', '/dsfr/..%2F..%2Fpackage.json'],
    ['a climb out of the folder', '/dsfr/%2E%2E/%2E%2E/%2E%2E/package.json'],
    ['a file that does not exist', '/dsfr/nothing-here.css'],
  ])('refuses %s with a 404 that says so', async (_what, path) => {
    const res = await t.http().get(path);
    expect(res.status).toBe(404);
    // Either the app's own refusal or the router's: never the file, never a 500.
    if (res.body?.code) expect(res.body).toMatchObject({ code: 'design_system_file_not_found', message: expect.stringContaining('design system') });
    expect(res.text).not.toContain('"version"');
  });
});
