import { ConfigError, loadConfig } from './app-config';

const federation = { OIDC_ISSUER: 'https://auth.example.gouv.fr/api/v2', OIDC_CLIENT_ID: 'crise-vosges', OIDC_CLIENT_SECRET: 'a-very-secret-client-secret' };

describe('OIDC settings', () => {
  it('is off by default, local logins for everyone', () => {
    const c = loadConfig({});
    expect(c.oidc).toBeNull();
    expect(c.localLogin).toBe('all');
  });

  it('derives the redirect and post-logout URLs from PUBLIC_BASE_URL and parses the role rules', () => {
    const c = loadConfig({ ...federation, PUBLIC_BASE_URL: 'https://crise.vosges.gouv.fr/', OIDC_ROLE_RULES: 'groups=cod:duty_officer', LOCAL_LOGIN: 'admin' });
    expect(c.oidc).toMatchObject({
      redirectUrl: 'https://crise.vosges.gouv.fr/api/auth/oidc/callback',
      postLogoutRedirectUrl: 'https://crise.vosges.gouv.fr/console/',
      scopes: 'openid email',
      label: 'ProConnect',
      roleRules: [{ claim: 'groups', value: 'cod', role: 'duty_officer' }],
      allowHttp: false,
    });
    expect(c.localLogin).toBe('admin');
  });

  it('accepts plain http only for a provider on this machine', () => {
    expect(loadConfig({ ...federation, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.allowHttp).toBe(true);
  });

  it.each([
    [{ ...federation, OIDC_ISSUER: 'http://idp.example.fr' }, 'OIDC_ISSUER: expected an https:// URL'],
    [{ ...federation, OIDC_CLIENT_SECRET: undefined }, 'OIDC_CLIENT_SECRET: required with OIDC_ISSUER'],
    [{ ...federation, OIDC_CLIENT_ID: undefined }, 'OIDC_CLIENT_ID: required with OIDC_ISSUER'],
    [{ OIDC_CLIENT_ID: 'x' }, 'OIDC_ISSUER: required when OIDC_CLIENT_ID is set'],
    [{ LOCAL_LOGIN: 'admin' }, 'LOCAL_LOGIN: admin needs OIDC_ISSUER'],
    [{ LOCAL_LOGIN: 'none' }, 'LOCAL_LOGIN: expected all'],
    [{ ...federation, OIDC_ROLE_RULES: 'groups=x:admin' }, 'OIDC_ROLE_RULES: rule "groups=x:admin"'],
    [{ ...federation, OIDC_REDIRECT_URL: 'https://crise.example.fr/elsewhere' }, 'OIDC_REDIRECT_URL: expected an absolute URL ending in /api/auth/oidc/callback'],
  ])('refuses %j with one line naming the variable', (env, expected) => {
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(expected);
  });

  it('never echoes the client secret', () => {
    let message = '';
    try {
      loadConfig({ ...federation, OIDC_CLIENT_SECRET: 'short-secret' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('OIDC_CLIENT_SECRET');
    expect(message).not.toContain('short-secret');
  });
});
