import request from 'supertest';
import type { App } from 'supertest/types';
import { createApp, RunningApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import type { DatabaseHandle } from '../../src/database/database-handle';
import { collectLogs, processLogStream } from './process-log';
import { createTestDatabase } from './test-database';

export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface TestApp extends RunningApp {
  http: () => ReturnType<typeof request>;
  /** Every JSON log line written while the app ran, raw (test/support/process-log.ts). */
  logs: string[];
  login(username: string, password: string): Promise<string>;
  adminToken(): Promise<string>;
  /** Creates a user through the API and returns a session token for it. */
  userWithRole(role: string, username?: string): Promise<{ token: string; username: string; id: string }>;
}

/** The whole application on its own database, with its logs captured. */
export async function startTestApp(env: Record<string, string> = {}, opts: { db?: DatabaseHandle } = {}): Promise<TestApp> {
  // No credential check unless a test asks for one: it would be provider traffic the other tests do not expect.
  const config = loadConfig({ ADMIN_PASSWORD, LOG_LEVEL: 'info', CHANNEL_CHECK_MINUTES: '0', ...env });
  const db = opts.db ?? (await createTestDatabase());
  const log = collectLogs();
  let running: RunningApp;
  try {
    running = await createApp(config, { db, logStream: processLogStream });
  } catch (e) {
    log.stop();
    if (!opts.db) await db.stop();
    throw e;
  }
  const server = running.app.getHttpServer() as App;
  const http = () => request(server);
  let adminToken: string | undefined;
  let counter = 0;
  const t: TestApp = {
    ...running,
    logs: log.lines,
    http,
    async close() {
      try {
        await running.close();
      } finally {
        log.stop();
      }
      if (!opts.db) await db.stop();
    },
    async login(username, password) {
      const res = await http().post('/api/auth/login').send({ username, password });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
    async adminToken() {
      adminToken ??= await t.login('admin', ADMIN_PASSWORD);
      return adminToken;
    },
    async userWithRole(role, username = `${role.replace('_', '')}${++counter}`) {
      const password = `${username}-password-123`;
      const res = await http()
        .post('/api/users')
        .set('Authorization', `Bearer ${await t.adminToken()}`)
        .send({ username, displayName: username, role, password });
      if (res.status !== 201) throw new Error(`create ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { token: await t.login(username, password), username, id: res.body.id };
    },
  };
  return t;
}
