import { readFileSync } from 'node:fs';

/**
 * Communes by INSEE code, from the official list shipped by
 * `@etalab/decoupage-administratif`: the one lookup behind the affected
 * communes of an event and the communes of contacts. Only current communes are
 * accepted; former, delegated and associated communes and the municipal
 * arrondissements of Paris, Lyon and Marseille are known only to explain a
 * refusal ("88422 is a former code of Épinal: use 88160").
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
  /** `hint` when the code is a postal code: the communes it covers, largest first. */
  | { status: 'unknown'; hint?: string };

export type CommunesValidation =
  | { ok: true; communes: Commune[] }
  | {
      ok: false;
      code: 'empty_list' | 'duplicate_codes' | 'unknown_codes';
      message: string;
      unknownCodes: string[];
      duplicateCodes: string[];
    };

type RawCommune = {
  code: string;
  nom: string;
  departement: string;
  type: 'commune-actuelle' | 'commune-deleguee' | 'commune-associee' | 'arrondissement-municipal';
  anciensCodes?: string[];
  codesPostaux?: string[];
  chefLieu?: string;
  commune?: string;
  population?: number;
};

/** A code that is not a current commune but points to one. `name` and `type` are absent for a bare former code. */
interface Former {
  current: string;
  name?: string;
  type?: RawCommune['type'];
}

interface Index {
  current: Map<string, Commune>;
  formerly: Map<string, Former>;
  /** Postal code → current communes, most populous first: the usual confusion with INSEE codes. */
  postal: Map<string, string[]>;
}

let index: Index | undefined;

// Read and parsed on first use only: the file is 8.6 MB, and most processes
// (workers, migrations, tests of other modules) never look up a commune. It is
// read with readFileSync rather than require() so that the raw array is not
// kept in the module cache for the life of the process; only the small index is.
function load(): Index {
  if (index) return index;
  const file = require.resolve('@etalab/decoupage-administratif/data/communes.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RawCommune[];
  const current = new Map<string, Commune>();
  for (const c of raw) {
    if (c.type === 'commune-actuelle') current.set(c.code, { code: c.code, name: c.nom, department: c.departement });
  }
  const formerly = new Map<string, Former>();
  const postal = new Map<string, string[]>();
  for (const c of raw) {
    if (c.type === 'commune-actuelle') {
      // A delegated commune's own entry, with its own name, takes precedence over a bare former code.
      for (const old of c.anciensCodes ?? []) if (!current.has(old) && !formerly.has(old)) formerly.set(old, { current: c.code });
      for (const cp of c.codesPostaux ?? []) postal.set(cp, [...(postal.get(cp) ?? []), c.code]);
    } else {
      const parent = c.chefLieu ?? c.commune;
      if (parent && !current.has(c.code) && current.has(parent)) formerly.set(c.code, { name: c.nom, type: c.type, current: parent });
    }
  }
  // 88000 covers nine communes; the person who typed it almost certainly meant Épinal, so the largest comes first.
  const population = new Map(raw.filter((c) => c.type === 'commune-actuelle').map((c) => [c.code, c.population ?? 0]));
  for (const list of postal.values()) list.sort((a, b) => (population.get(b) ?? 0) - (population.get(a) ?? 0));
  index = { current, formerly, postal };
  return index;
}

/** Codes are compared as the INSEE writes them: trimmed, and 2A/2B (Corsica) in capitals. */
export function normaliseInseeCode(code: string): string {
  return String(code).trim().toUpperCase();
}

/** The current commune with that INSEE code, or undefined. */
export function findCommune(code: string): Commune | undefined {
  return load().current.get(normaliseInseeCode(code));
}

const TYPE_WORDS: Record<string, string> = {
  'commune-deleguee': 'a delegated commune (commune déléguée)',
  'commune-associee': 'an associated commune (commune associée)',
  'arrondissement-municipal': 'a municipal district (arrondissement municipal)',
};

/** Like findCommune, and when the code is not a current commune, why and which commune it belongs to now. */
export function lookupCommune(input: string): CommuneLookup {
  const { current, formerly } = load();
  const code = normaliseInseeCode(input);
  const commune = current.get(code);
  if (commune) return { status: 'current', commune };
  const former = formerly.get(code);
  if (!former) {
    const hint = postalHint(code);
    return hint ? { status: 'unknown', hint } : { status: 'unknown' };
  }
  const now = current.get(former.current)!;
  if (former.name) {
    return { status: 'not-current', why: `${code} is ${former.name}, ${TYPE_WORDS[former.type ?? ''] ?? former.type}, part of ${now.code} ${now.name}; use the code of the current commune`, now };
  }
  return { status: 'not-current', why: `${code} is a former code, now ${now.code} ${now.name}; use the current code`, now };
}

/**
 * The affected communes of an event: at least one, no duplicates, all current
 * communes. On failure the message names every bad code at once, so that a
 * person fixes the list in one go.
 */
export function validateCommunes(codes: readonly string[]): CommunesValidation {
  if (codes.length === 0) {
    return {
      ok: false,
      code: 'empty_list',
      message: 'List at least one affected commune by its INSEE code, e.g. 88160 for Épinal.',
      unknownCodes: [],
      duplicateCodes: [],
    };
  }
  const { current } = load();
  const seen = new Set<string>();
  const duplicateCodes: string[] = [];
  const unknownCodes: string[] = [];
  const communes: Commune[] = [];
  for (const input of codes) {
    const code = normaliseInseeCode(input);
    if (seen.has(code)) {
      if (!duplicateCodes.includes(code)) duplicateCodes.push(code);
      continue;
    }
    seen.add(code);
    const commune = current.get(code);
    if (commune) communes.push(commune);
    else unknownCodes.push(code);
  }
  if (unknownCodes.length === 0 && duplicateCodes.length === 0) return { ok: true, communes };

  const parts: string[] = [];
  if (unknownCodes.length > 0) parts.push(unknownMessage(unknownCodes));
  if (duplicateCodes.length > 0) parts.push(`Listed more than once: ${duplicateCodes.join(', ')}. List each commune once.`);
  return {
    ok: false,
    code: unknownCodes.length > 0 ? 'unknown_codes' : 'duplicate_codes',
    message: parts.join(' '),
    unknownCodes,
    duplicateCodes,
  };
}

function postalHint(code: string): string | undefined {
  const { current, postal } = load();
  const cities = postal.get(code);
  if (!cities) return undefined;
  const names = cities.slice(0, 3).map((c) => `${c} for ${current.get(c)?.name}`);
  const more = cities.length > 3 ? ` and ${cities.length - 3} more` : '';
  return `${code} is a postal code, not an INSEE code: ${names.join(', ')}${more}.`;
}

function unknownMessage(unknown: string[]): string {
  const { current, formerly } = load();
  const shown = unknown.map((c) => (c === '' ? '(empty)' : c));
  const hints: string[] = [];
  for (const code of unknown) {
    const said: string[] = [];
    // Postal codes first: typing one is by far the commonest mistake, while some former codes date from before 1968.
    const postal = postalHint(code);
    if (postal) said.push(postal);
    const former = formerly.get(code);
    if (former) {
      const now = current.get(former.current)?.name ?? former.current;
      const also = said.length > 0 ? 'It is also' : `${code} is`;
      said.push(former.name ? `${also} the code of ${former.name}, no longer a commune: use ${former.current} (${now}).` : `${also} a former code of ${now}: use ${former.current}.`);
    }
    hints.push(...said);
  }
  const badShape = unknown.some((c) => !/^[0-9][0-9AB][0-9]{3}$/.test(c));
  const rule = badShape
    ? ' A code has 5 characters, e.g. 88160 for Épinal.'
    : hints.length === 0
      ? ' Check each code on the official list of communes: it is the INSEE code, not the postal code.'
      : '';
  return `Unknown INSEE commune code(s): ${shown.join(', ')}.${rule}${hints.length > 0 ? ` ${hints.join(' ')}` : ''}`;
}
