import { Writable } from 'node:stream';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { createTestDatabase } from './support/test-database';
import { ADMIN_PASSWORD } from './support/test-app';

/**
 * The test workers run many files, so many applications, one after another in one process (jest-light-runner):
 * each application built in turn must write to the stream it was given, not to the first one's (nestjs-pino keeps
 * one logger per process).
 */
describe('the log stream of an application', () => {
  it('two applications built in turn in one process each write to their own stream', async () => {
    const config = loadConfig({ ADMIN_PASSWORD, LOG_LEVEL: 'info', CHANNEL_CHECK_MINUTES: '0' });
    const started = async (id: string) => {
      const lines: string[] = [];
      const logStream = new Writable({
        write(chunk, _enc, cb) {
          lines.push(String(chunk));
          cb();
        },
      });
      const db = await createTestDatabase();
      const running = await createApp(config, { db, logStream });
      const { default: request } = await import('supertest');
      await request(running.app.getHttpServer()).get('/api/health').set('X-Request-Id', id).expect(200);
      await running.close();
      await db.stop();
      return lines.join('');
    };
    const first = await started('first-app-request');
    const second = await started('second-app-request');
    expect(first).toContain('first-app-request');
    expect(second).toContain('second-app-request');
    expect(second).not.toContain('first-app-request');
    expect(first).not.toContain('second-app-request');
  });
});
