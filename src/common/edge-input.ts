/**
 * What PostgreSQL cannot store, refused once at the edge for every route:
 * a NUL character (text and jsonb refuse it), a lone UTF-16 surrogate (not
 * UTF-8 at all) and a body nested deeper than any request of ours needs
 * (class-transformer recurses and would overflow the stack). Refusing rather
 * than cleaning: a title silently cut at a NUL is not what the person typed.
 */
export const MAX_INPUT_DEPTH = 32;

export type InputProblem = { path: string; problem: 'nul' | 'surrogate' | 'depth' };

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(s: string): InputProblem['problem'] | null {
  if (s.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(s)) return 'surrogate';
  return null;
}

/** The first problem in a parsed JSON value or query, depth first; iterative, so depth itself cannot overflow. */
export function findInputProblem(value: unknown, root: string, maxDepth = MAX_INPUT_DEPTH): InputProblem | null {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: root, depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const p = textProblem(v);
      if (p) return { path, problem: p };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return { path, problem: 'depth' };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, child] = entries[i];
      const keyProblem = textProblem(k);
      const childPath = path ? `${path}.${k.replace(/[\u0000\uD800-\uDFFF]/g, '?')}` : k.replace(/[\u0000\uD800-\uDFFF]/g, '?');
      if (keyProblem) return { path: childPath, problem: keyProblem };
      stack.push({ v: child, path: childPath, depth: depth + 1 });
    }
  }
  return null;
}

/** The sentence a person reads. */
export function describeInputProblem(p: InputProblem): string {
  const where = p.path ? `"${p.path}"` : 'the request';
  switch (p.problem) {
    case 'nul':
      return `${where} contains a NUL character (\\u0000), which cannot be stored: remove it and send again.`;
    case 'surrogate':
      return `${where} contains an invalid character (a lone UTF-16 surrogate, not valid Unicode text): remove it and send again.`;
    case 'depth':
      return `${where} is nested more than ${MAX_INPUT_DEPTH} levels deep; no request of this API needs that.`;
  }
}
