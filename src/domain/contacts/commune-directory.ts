/**
 * The official list of communes (INSEE codes, from @etalab/decoupage-administratif).
 * Read straight from the package's JSON: its index.js resolves the data folder
 * against the working directory and fails anywhere else.
 */
export interface Commune {
  code: string;
  name: string;
  department: string;
}

export type CommuneLookup =
  | { status: 'current'; commune: Commune }
  /** A real code that no longer names a commune of its own: merged, delegated, or a municipal district. */
  | { status: 'not-current'; why: string; now?: Commune }
  | { status: 'unknown' };

interface RawCommune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  chefLieu?: string;
  commune?: string;
  anciensCodes?: string[];
}

interface Directory {
  current: Map<string, Commune>;
  other: Map<string, { name: string; type: string; parent?: string }>;
  formerCodes: Map<string, string>;
}

let directory: Directory | undefined;

function load(): Directory {
  if (directory) return directory;
  const raw = require('@etalab/decoupage-administratif/data/communes.json') as RawCommune[];
  const current = new Map<string, Commune>();
  const other = new Map<string, { name: string; type: string; parent?: string }>();
  const formerCodes = new Map<string, string>();
  for (const c of raw) {
    if (c.type === 'commune-actuelle') {
      current.set(c.code, { code: c.code, name: c.nom, department: c.departement ?? '' });
      for (const old of c.anciensCodes ?? []) formerCodes.set(old, c.code);
    } else {
      other.set(c.code, { name: c.nom, type: c.type, parent: c.chefLieu ?? c.commune });
    }
  }
  directory = { current, other, formerCodes };
  return directory;
}

const TYPE_WORDS: Record<string, string> = {
  'commune-deleguee': 'a delegated commune (commune déléguée)',
  'commune-associee': 'an associated commune (commune associée)',
  'arrondissement-municipal': 'a municipal district (arrondissement municipal)',
};

export function lookupCommune(code: string): CommuneLookup {
  const d = load();
  const current = d.current.get(code);
  if (current) return { status: 'current', commune: current };
  const o = d.other.get(code);
  if (o) {
    const now = o.parent ? d.current.get(o.parent) : undefined;
    const part = now ? `, part of ${now.code} ${now.name}` : '';
    return { status: 'not-current', why: `${code} is ${o.name}, ${TYPE_WORDS[o.type] ?? o.type}${part}; use the code of the current commune`, ...(now ? { now } : {}) };
  }
  const merged = d.formerCodes.get(code);
  if (merged) {
    const now = d.current.get(merged)!;
    return { status: 'not-current', why: `${code} is a former code, now ${now.code} ${now.name}; use the current code`, now };
  }
  return { status: 'unknown' };
}

export function findCommune(code: string): Commune | undefined {
  const r = lookupCommune(code);
  return r.status === 'current' ? r.commune : undefined;
}
