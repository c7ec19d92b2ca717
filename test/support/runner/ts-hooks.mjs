// ESM loader hook: a .ts file asked for by import() is CommonJS compiled by register-ts.mjs's require hook
// (no source given back, so Node hands the file to the CommonJS loader).
export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && url.split('?')[0].endsWith('.ts')) return { format: 'commonjs', shortCircuit: true };
  return nextLoad(url, context);
}
