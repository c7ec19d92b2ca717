import { setFlagsFromString } from 'node:v8';

/**
 * How much V8 lets its old generation grow past what the last full collection
 * kept before it collects again: 50 %. Left to itself, on a machine with
 * gigabytes, V8 lets it grow up to four times: during the national dispatch
 * (70,000 deliveries) the app held about 60 MB yet its heap reached 300 MB of
 * garbage not yet collected, and its RSS 550 MB. At 50 % the same run stays at
 * 220–270 MB for a few percent more CPU (figures in the README, "National
 * scale"). It is not a limit: the heap still grows as far as what is held
 * needs, so it cannot stop the app for want of memory as `--max-old-space-size`
 * can.
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Set by the app itself, so that `npm start` and `node dist/src/main.js` both
 * get it; a `--heap-growing-percent` given to node (command line or
 * NODE_OPTIONS) is the operator's choice and wins.
 */
export function setHeapGrowth(execArgv: string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  const given = [...execArgv, nodeOptions].some((a) => /heap[-_]growing[-_]percent/.test(a));
  if (!given) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return !given;
}
