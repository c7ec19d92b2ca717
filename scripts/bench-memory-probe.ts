/**
 * Preloaded into the app by the national bench only (`node -r
 * dist/scripts/bench-memory-probe.js dist/src/main.js`), never by the product:
 * answers `memory` over IPC with where the app's memory is (process.memoryUsage
 * and V8's heap spaces), and `memory-gc` with the same after a full collection,
 * which tells what is held from what is garbage not yet collected; and
 * `alloc-start` / `alloc-stop <file>`: V8's sampling heap profile of every
 * allocation between the two, the collected ones included (what a run builds
 * and drops, by function), written to the file. No endpoint of the product
 * shows any of it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Megabytes, rounded: a compact row, not a dump. */
export interface MemoryBreakdown {
  rss: number;
  /** The RSS of anonymous memory (heap, malloc) and of mapped files (the node binary, libraries), from /proc/self/status. */
  rssAnon: number;
  rssFile: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Per V8 heap space: its size (what the process holds for it) and what is used of it. */
  spaces: Record<string, { size: number; used: number }>;
}

const mb = (bytes: number) => Math.round(bytes / 1048576);

function breakdown(): MemoryBreakdown {
  const m = process.memoryUsage();
  const spaces: MemoryBreakdown['spaces'] = {};
  for (const s of getHeapSpaceStatistics()) spaces[s.space_name.replace(/_space$/, '')] = { size: mb(s.space_size), used: mb(s.space_used_size) };
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) * 1024;
  return {
    rss: mb(m.rss),
    rssAnon: mb(kb('RssAnon')),
    rssFile: mb(kb('RssFile')),
    heapTotal: mb(m.heapTotal),
    heapUsed: mb(m.heapUsed),
    external: mb(m.external),
    arrayBuffers: mb(m.arrayBuffers),
    spaces,
  };
}

/** A full collection on demand, without starting the app with --expose-gc (which would change it for every sample). */
function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

let session: Session | null = null;
const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) => session!.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r))));

async function allocations(m: string): Promise<void> {
  if (m === 'alloc-start') {
    session = new Session();
    session.connect();
    await post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  } else {
    const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
    writeFileSync(m.slice('alloc-stop '.length), JSON.stringify(profile));
    session!.disconnect();
    session = null;
  }
  process.send!({ alloc: true });
}

if (process.send) {
  process.on('message', (m: unknown) => {
    if (typeof m === 'string' && m.startsWith('alloc-')) void allocations(m);
    if (m === 'memory') process.send!({ memory: breakdown() });
    if (m === 'memory-gc') {
      collect();
      process.send!({ memory: breakdown() });
    }
  });
  // The IPC channel must not keep the app alive once it stops.
  process.channel?.unref();
}

/** One line: the RSS, the JS heap (committed, used, per space), the memory outside it that V8 knows of (external), and the rest (code, stacks, native allocations). */
export function describeMemory(b: MemoryBreakdown): string {
  const s = (name: string) => b.spaces[name]?.size ?? 0;
  const other = b.heapTotal - s('new') - s('old') - s('code') - s('large_object');
  return `rss ${b.rss} MB (anon ${b.rssAnon}, file ${b.rssFile}): heap ${b.heapTotal} (used ${b.heapUsed}; new ${s('new')}, old ${s('old')} used ${b.spaces.old?.used ?? 0}, code ${s('code')}, large ${s('large_object')}, other ${other}), external ${b.external} (array buffers ${b.arrayBuffers}), rest ${b.rss - b.heapTotal - b.external}`;
}
