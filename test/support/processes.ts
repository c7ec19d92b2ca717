import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type request from 'supertest';

export const MAIN_JS = join(__dirname, '../../dist/src/main.js');

/**
 * A port for a child process to listen on once it has booted. Taken below the
 * kernel's ephemeral range (32768–60999 here): every server of the tests that
 * listens on port 0 gets an ephemeral port, and one of them could otherwise be
 * handed the same port in the seconds the child takes to boot (seen with three
 * Jest workers: the boot test probed another test's app).
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    if (await canListen(port)) return port;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export interface AppProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Started under a wrapper, as the leader of its own process group. */
  group: boolean;
}

/** The built product (`npm test` builds it first), started as `npm start` would. */
export function startProcess(env: Record<string, string>, opts: { wrapper?: string[] } = {}): AppProcess {
  if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run "npm run build" first (npm test does).`);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'NODE_OPTIONS'].includes(k)));
  // A wrapper (e.g. faketime) runs the same command under it.
  const [command, ...args] = [...(opts.wrapper ?? []), process.execPath, MAIN_JS];
  // Under a wrapper the app is the wrapper's child, in a process group of its own so that stopProcess reaches both.
  const group = Boolean(opts.wrapper);
  const child = spawn(command, args, { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: group });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited, group };
}

/**
 * Stops a process started by startProcess, with its wrapper's child: faketime
 * does not pass a signal on, and its app would go on running after the test.
 */
export async function stopProcess(p: AppProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  try {
    process.kill(p.group ? -p.child.pid! : p.child.pid!, signal);
  } catch {
    // already gone
  }
  await p.exited;
}

export async function waitForHealth(port: number, timeoutMs = 60_000): Promise<{ status: number; body: Record<string, unknown> }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.status === 200) return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no healthy /api/health on port ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * On a started process, over HTTP: the admin's token, and those of a
 * communication writer (`redac`) and a prefect (`prefet`) it creates; `login`
 * for the tokens a test needs later.
 */
export async function staffTokens(http: () => ReturnType<typeof request>, adminPassword: string) {
  const login = async (username: string, password: string) => (await http().post('/api/auth/login').send({ username, password }).expect(200)).body.token as string;
  const admin = await login('admin', adminPassword);
  for (const [username, role] of [
    ['redac', 'communication'],
    ['prefet', 'prefect'],
  ]) {
    await http()
      .post('/api/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username, displayName: username, role, password: `${username}-password-123` })
      .expect(201);
  }
  return { admin, writer: await login('redac', 'redac-password-123'), prefect: await login('prefet', 'prefet-password-123'), login };
}
