import { readFileSync } from 'node:fs';
import { ConfigError, envSchema, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies the documented defaults on an empty environment', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database).toEqual({ url: undefined, dataDir: './data', poolSize: 4 });
    expect(c.loginLimits).toEqual({ perUser: 5, perAddress: 20, windowMinutes: 15 });
  });

  it.each([
    [{}, 'http://localhost:3000'],
    [{ PORT: '3999' }, 'http://localhost:3999'],
    [{ PORT: '3999', PUBLIC_BASE_URL: 'https://crise.vosges.gouv.fr/' }, 'https://crise.vosges.gouv.fr'],
  ])('takes the public address from PUBLIC_BASE_URL, else this machine on PORT: %j', (env, expected) => {
    expect(loadConfig(env).publicBaseUrl).toBe(expected);
  });

  it('uses a larger pool on a real server', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x' }).database.poolSize).toBe(10);
  });

  it.each([
    [{ PORT: 'abc' }, 'Invalid environment variable PORT: expected a whole number between 1 and 65535'],
    [{ PORT: '70000' }, 'Invalid environment variable PORT: expected a whole number between 1 and 65535'],
    [{ DATABASE_URL: 'mysql://x' }, 'Invalid environment variable DATABASE_URL: expected a PostgreSQL URL'],
    [{ COOKIE_SECURE: 'maybe' }, 'Invalid environment variable COOKIE_SECURE: expected true or false'],
    [{ LOG_LEVEL: 'loud' }, 'Invalid environment variable LOG_LEVEL: expected one of'],
    [{ ADMIN_PASSWORD: 'short' }, 'Invalid environment variable ADMIN_PASSWORD: expected at least 12 characters'],
    [{ PUBLIC_BASE_URL: 'not a url' }, 'Invalid environment variable PUBLIC_BASE_URL: expected an absolute URL'],
  ])('refuses %j with a one-line message naming the variable', (env, expected) => {
    let err: unknown;
    try {
      loadConfig(env as NodeJS.ProcessEnv);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(expected);
    expect((err as Error).message).not.toContain('\n');
  });

  it('never echoes a secret value in its message', () => {
    expect(() => loadConfig({ ADMIN_PASSWORD: 'tiny-secret' })).toThrow(/ADMIN_PASSWORD/);
    try {
      loadConfig({ ADMIN_PASSWORD: 'tiny-secret' });
    } catch (e) {
      expect((e as Error).message).not.toContain('tiny-secret');
    }
  });

  it('treats a blank value as unset', () => {
    expect(loadConfig({ PORT: '  ' }).port).toBe(3000);
  });
});

describe('.env.example', () => {
  it('documents exactly the variables the schema reads', () => {
    const text = readFileSync(`${__dirname}/../../.env.example`, 'utf8');
    const documented = text
      .split('\n')
      .filter((l) => /^[A-Z][A-Z0-9_]*=/.test(l))
      .map((l) => l.split('=')[0])
      .sort();
    expect(documented).toEqual(Object.keys(envSchema.shape).sort());
  });
});

describe('clock settings', () => {
  it('reads one-minute clocks and custom warning leads', () => {
    const c = loadConfig({ CLOCK_C2_MINUTES: '1', CLOCK_WARNING_LEAD_MINUTES: '10, 3' });
    expect(c.clocks.durationMinutes['C2-public']).toBe(1);
    expect(c.clocks.durationMinutes.C1).toBe(60);
    expect(c.clocks.warningLeadMinutes).toEqual([10, 3]);
  });

  it.each([
    [{ CLOCK_WARNING_LEAD_MINUTES: '15;5' }, 'CLOCK_WARNING_LEAD_MINUTES: expected minutes before the due time, separated by commas'],
    [{ CLOCK_C1_MINUTES: '0' }, 'CLOCK_C1_MINUTES: expected a whole number between 1 and 1440'],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
