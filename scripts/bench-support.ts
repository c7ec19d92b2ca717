import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

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
