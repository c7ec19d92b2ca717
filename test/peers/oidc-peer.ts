import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';

/**
 * A real OpenID provider for the tests: `oidc-provider`, the certified
 * implementation, in a child process (it is ESM only and Jest's module system
 * is not). Its development login page accepts any login and any password: the
 * login is the account id, whose claims come from `accounts`. Consent is
 * granted at once, as ProConnect does for the state's own services.
 *
 * `setClockOffset` moves the provider's clock (what it stamps in `iat`/`exp`),
 * so that a test can have it issue an ID token that has already expired.
 */
export interface OidcPeerOptions {
  port: number;
  /** Where the clock control listens. */
  controlPort: number;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  accounts: Record<string, Record<string, unknown>>;
}

export interface OidcPeer {
  issuer: string;
  setClockOffset(ms: number): Promise<void>;
  close(): Promise<void>;
  output(): string;
}

// Run from the compiled file (Jest loads this one from the TypeScript source).
const SELF = __filename.endsWith('.js') ? __filename : join(__dirname, '../../dist/test/peers/oidc-peer.js');

export async function startOidcPeer(opts: OidcPeerOptions): Promise<OidcPeer> {
  if (!existsSync(SELF)) throw new Error(`${SELF} is missing: run "npx tsc -p tsconfig.build.json" first.`);
  const child: ChildProcess = spawn(process.execPath, [SELF], { env: { ...process.env, OIDC_PEER: JSON.stringify(opts) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const issuer = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`oidc peer exited: ${out}`);
    const ok = await fetch(`${issuer}/.well-known/openid-configuration`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`oidc peer did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    issuer,
    async setClockOffset(ms) {
      const res = await fetch(`http://127.0.0.1:${opts.controlPort}/offset?ms=${ms}`, { method: 'POST' });
      if (!res.ok) throw new Error('oidc peer refused the clock offset');
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
    output: () => out,
  };
}

/** The child process: the provider on `port`, and its clock control on `controlPort`. */
async function serve(): Promise<void> {
  const o = JSON.parse(process.env.OIDC_PEER!) as OidcPeerOptions;
  let offset = 0;
  const realNow = Date.now;
  Date.now = () => realNow() + offset;
  // A real dynamic import: the compiled peer is CommonJS, oidc-provider is ESM.
  // (named through a variable: the package ships no types, the shapes used are declared below).
  const pkg = 'oidc-provider';
  const { default: Provider } = (await import(pkg)) as { default: ProviderClass };
  const scopes = ['openid', 'email', 'profile', 'groups', 'siret'];
  const provider = new Provider(`http://127.0.0.1:${o.port}`, {
    clients: [
      {
        client_id: o.clientId,
        client_secret: o.clientSecret,
        redirect_uris: [o.redirectUri],
        post_logout_redirect_uris: [o.postLogoutRedirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    scopes,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'usual_name', 'family_name', 'name'], groups: ['groups'], siret: ['siret'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    cookies: { keys: ['oidc-peer-cookie-key-for-tests-only'] },
    findAccount: (_ctx: unknown, sub: string) => (o.accounts[sub] ? { accountId: sub, claims: () => ({ sub, ...o.accounts[sub] }) } : undefined),
    async loadExistingGrant(ctx: GrantContext) {
      const existing = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      if (!ctx.oidc.session.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
      await grant.save();
      return grant;
    },
  });
  const server = provider.listen(o.port, '127.0.0.1');
  const control = createServer((req: IncomingMessage, res: ServerResponse) => {
    const ms = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('ms'));
    if (req.method !== 'POST' || !Number.isFinite(ms)) return void res.writeHead(400).end();
    offset = ms;
    res.writeHead(204).end();
  }).listen(o.controlPort, '127.0.0.1');
  process.on('SIGTERM', () => {
    server.close();
    control.close();
    process.exit(0);
  });
}

interface GrantLike {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}
interface GrantContext {
  oidc: {
    result?: { consent?: { grantId?: string } };
    session: { accountId?: string; grantIdFor(clientId: string): string | undefined };
    client: { clientId: string };
    requestParamScopes: Set<string>;
    provider: { Grant: { new (init: { clientId: string; accountId: string }): GrantLike; find(id: string): Promise<GrantLike | undefined> } };
  };
}
type ProviderClass = new (issuer: string, config: Record<string, unknown>) => { listen(port: number, host: string): { close(): void } };

if (require.main === module) {
  serve().catch((e) => {
    process.stderr.write(`oidc peer failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
