import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { Client } from 'pg';

/** One line of `npm run bench`: a figure, its value, its target, and whether it is met. */
export interface BenchRow {
  figure: string;
  value: string;
  target: string;
  ok: boolean;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A process's resident memory now (`VmRSS`) or at its peak since start (`VmHWM`), in MB. */
export function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
}

/**
 * A database of its own on the DATABASE_URL server, so that a figure never
 * counts rows an earlier run or section left behind. Returns its URL and how
 * to drop it.
 */
export async function scratchDatabase(serverUrl: string, label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `crisis_bench_${label}_${process.pid}`;
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** The machine's load average (1, 5, 15 min), as printed at the start and the end of a bench. */
export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** A median with the range it came from: `2.41 s (2.30–2.95, 5 runs)`. */
export function withSpread(values: number[], format: (v: number) => string, unit = ''): string {
  const s = [...values].sort((a, b) => a - b);
  return `${format(median(s))}${unit} (${format(s[0])}–${format(s[s.length - 1])}, ${s.length} runs)`;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * CPU seconds (user + system) a process has used since it started, from
 * /proc: unlike a rate, it hardly moves with the machine's load, so the CPU a
 * path spends per message can be compared on a shared machine.
 */
export function cpuSeconds(pid: number, withEndedChildren = false): number {
  // Fields 14 and 15 (utime, stime) in clock ticks, after the command name in parentheses; 16 and 17 what its ended children used.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]) + (withEndedChildren ? Number(fields[13]) + Number(fields[14]) : 0);
  return ticks / 100;
}
