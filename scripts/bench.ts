import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm run bench`: the product's speed and memory figures, printed as a plain
 * table. Each row names its target; a later issue adds its rows here.
 */
interface Row {
  figure: string;
  value: string;
  target: string;
  ok: boolean;
}

const MAIN_JS = join(__dirname, '../src/main.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function embeddedColdStart(): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crisis-bench-'));
  const port = await freePort();
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL'));
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN_JS], {
    env: { ...env, DATA_DIR: dataDir, PORT: String(port), ADMIN_PASSWORD: 'bench-admin-password', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    let healthyAfter = NaN;
    while (performance.now() - started < 60_000) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200) {
          healthyAfter = performance.now() - started;
          break;
        }
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    // Let start-up work settle before reading the resident size.
    await new Promise((r) => setTimeout(r, 1000));
    const rss = rssMb(child.pid!);
    return [
      { figure: 'embedded cold start to healthy /api/health (fresh data folder)', value: `${(healthyAfter / 1000).toFixed(2)} s`, target: '< 10 s', ok: healthyAfter < 10_000 },
      { figure: 'resident memory after start (embedded)', value: `${rss.toFixed(0)} MB`, target: '< 300 MB', ok: rss < 300 },
    ];
  } finally {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function print(rows: Row[]): void {
  const w = [Math.max(6, ...rows.map((r) => r.figure.length)), Math.max(5, ...rows.map((r) => r.value.length)), Math.max(6, ...rows.map((r) => r.target.length))];
  const line = (a: string, b: string, c: string, d: string) => `${a.padEnd(w[0])}  ${b.padStart(w[1])}  ${c.padEnd(w[2])}  ${d}`;
  process.stdout.write(`${line('figure', 'value', 'target', 'met')}\n${'-'.repeat(w[0] + w[1] + w[2] + 12)}\n`);
  for (const r of rows) process.stdout.write(`${line(r.figure, r.value, r.target, r.ok ? 'yes' : 'NO')}\n`);
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  rows.push(...(await embeddedColdStart()));
  print(rows);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).message}\n`);
  process.exit(1);
});
