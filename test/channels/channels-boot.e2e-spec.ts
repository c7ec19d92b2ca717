import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess } from '../support/processes';
import { startTestApp } from '../support/test-app';

describe('channels at boot', () => {
  it.each([
    [{ SMTP_URL: 'smtp://relay:boot-secret-pass@127.0.0.1:2525' }, 'Invalid environment variable SMTP_FROM: required when SMTP_URL is set'],
    [{ WEBHOOK_URL: 'https://sig.example.org/hook' }, 'Invalid environment variable WEBHOOK_SECRET: required when WEBHOOK_URL is set'],
    [{ X_APP_KEY: 'k', X_APP_SECRET: 'boot-secret-x', X_ACCESS_TOKEN: 't' }, 'Invalid environment variable X_ACCESS_SECRET: required when X_ACCESS_TOKEN is set'],
  ])('a half-configured channel %j stops the start with one readable line', async (env, expected) => {
    const p = startProcess({ DATA_DIR: mkdtempSync(join(tmpdir(), 'crisis-channels-')), ...env });
    expect(await p.exited).toBe(1);
    expect(p.output().trim().split('\n')).toHaveLength(1);
    expect(p.output()).toContain(expected);
    expect(p.output()).not.toContain('boot-secret');
  });
});

describe('/api/health lists the channels', () => {
  it('in sandbox mode when nothing is configured', async () => {
    const app = await startTestApp();
    try {
      const res = await app.http().get('/api/health').expect(200);
      expect(res.body.channels).toEqual([
        { channel: 'email', mode: 'sandbox' },
        { channel: 'sms', mode: 'sandbox' },
        { channel: 'x', mode: 'sandbox', exerciseMode: 'sandbox' },
        { channel: 'facebook', mode: 'sandbox', exerciseMode: 'sandbox' },
        { channel: 'instagram', mode: 'sandbox', exerciseMode: 'sandbox' },
        { channel: 'mastodon', mode: 'sandbox', exerciseMode: 'sandbox' },
        { channel: 'bluesky', mode: 'sandbox', exerciseMode: 'sandbox' },
        { channel: 'webhook', mode: 'sandbox' },
        { channel: 'public_page', mode: 'live', target: 'localhost:3000' },
      ]);
    } finally {
      await app.close();
    }
  });
});
