import { setFlagsFromString } from 'node:v8';

/**
 * How much V8 lets its old generation grow past what the last full collection
 * kept before it collects again: 50 %. Left to itself, on a machine with
 * gigabytes, V8 lets it grow to several times that: during the national
 * dispatch (70,000 deliveries) the app held about 60 MB, yet its old
 * generation reached about 300 MB of garbage not yet collected and its RSS
 * 450 MB. At 50 % the same run stays at 220–270 MB for the same CPU seconds
 * (figures in the README, "National scale: the app's memory"). It is not a
 * limit: the heap still grows as far as what is held needs, so it cannot stop
 * the app for want of memory as `--max-old-space-size` can.
 */
export const HEAP_GROWING_PERCENT = 50;

/** Whether node was given its own heap growth (command line or NODE_OPTIONS): the operator's choice wins. */
export function heapGrowthGiven(execArgv: string[], nodeOptions: string): boolean {
  return [...execArgv, ...nodeOptions.split(/\s+/)].some((a) => /^--heap[-_]growing[-_]percent\b/.test(a));
}

/** Set by the app itself, first thing, so that `npm start` and `node dist/src/main.js` both get it. */
export function setHeapGrowth(): void {
  if (!heapGrowthGiven(process.execArgv, process.env.NODE_OPTIONS ?? '')) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
