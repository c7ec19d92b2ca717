/**
 * The variables a message can carry. Templates declare the ones they use with a
 * maximum length; this registry fixes the name, the type and whether it may be
 * absent, so that the drafting form, the templates and the renderer agree.
 */
export const VARIABLE_TYPES = ['string', 'url', 'list'] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

export interface KnownVariable {
  type: VariableType;
  /** Absent is normal (the national number exists only while the CIP is open). */
  optional: boolean;
  description: string;
}

export const MESSAGE_VARIABLES: Readonly<Record<string, KnownVariable>> = {
  eventTitle: { type: 'string', optional: false, description: 'short title of the event, e.g. "Feu de forêt à Gérardmer"' },
  eventKindLabel: { type: 'string', optional: false, description: 'kind of event in French, e.g. "Feu de forêt"' },
  communes: { type: 'list', optional: false, description: 'names of the affected communes, from the official list' },
  facts: { type: 'string', optional: false, description: 'factual situation, as validated by the COD' },
  instructions: { type: 'string', optional: false, description: 'instructions to the population' },
  nextUpdateAt: { type: 'string', optional: false, description: 'time of the next update, already formatted in Paris time' },
  nnip: { type: 'string', optional: true, description: 'national information number, only while the CIP is open' },
  publicPageUrl: { type: 'url', optional: false, description: 'address of the public page of the event' },
  marker: { type: 'string', optional: false, description: 'unique bulletin marker such as [PREF88-B3-1403], found later on the account timeline' },
};

/** One variable as a template header declares it. `max` counts characters; for a list it bounds each item. */
export interface VariableDeclaration {
  name: string;
  type: VariableType;
  max: number;
  /** Lists only: how many items at most. */
  items?: number;
  optional: boolean;
  /** Line of the declaration in its file, for error reports. */
  line: number;
}

export type MessageVars = Readonly<Record<string, unknown>>;
export type VariableValue = string | readonly string[];
export type VariableValues = Record<string, VariableValue | undefined>;

export interface VariableProblem {
  variable: string;
  why: string;
}

/** Characters as a person counts them: an emoji or an accented letter is one. */
export const charCount = (s: string): number => [...s].length;

export function describeDeclaration(d: Pick<VariableDeclaration, 'type' | 'max' | 'items' | 'optional'>): string {
  const base = d.type === 'list' ? `list max ${d.max} items ${d.items}` : `${d.type} max ${d.max}`;
  return d.optional ? `${base} optional` : base;
}

const URL_PATTERN = /^https?:\/\/[^\s<>"']+$/;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'string' ? 'text' : `a ${typeof v}`;
}

function checkText(d: VariableDeclaration, value: unknown, problems: VariableProblem[]): string | undefined {
  if (typeof value !== 'string') {
    problems.push({ variable: d.name, why: `must be text, got ${typeName(value)}` });
    return undefined;
  }
  const v = value.trim();
  const n = charCount(v);
  if (n > d.max) problems.push({ variable: d.name, why: `is ${n} characters long; the limit is ${d.max}` });
  if (d.type === 'url' && !URL_PATTERN.test(v)) problems.push({ variable: d.name, why: 'must be a web address starting with https://' });
  return v;
}

function checkList(d: VariableDeclaration, value: unknown, problems: VariableProblem[]): string[] | undefined {
  if (!Array.isArray(value)) {
    problems.push({ variable: d.name, why: `must be a list of names, got ${typeName(value)}` });
    return undefined;
  }
  const out: string[] = [];
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item.trim() === '') {
      problems.push({ variable: d.name, why: `item ${i + 1} must be a non-empty name, got ${typeName(item)}` });
      return;
    }
    const v = item.trim();
    const n = charCount(v);
    if (n > d.max) problems.push({ variable: d.name, why: `item ${i + 1} ("${v.slice(0, 20)}…") is ${n} characters long; the limit is ${d.max}` });
    out.push(v);
  });
  if (d.items !== undefined && value.length > d.items) problems.push({ variable: d.name, why: `has ${value.length} items; the limit is ${d.items}` });
  return out;
}

const isBlank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/**
 * Checks the values a person entered against the declarations of a template and
 * returns them trimmed. Every problem is listed, not only the first, so that one
 * correction round is enough. Values that are not declared are ignored: the same
 * draft feeds every channel and each template uses a few of them.
 */
export function validateMessageVars(declarations: readonly VariableDeclaration[], vars: MessageVars): { values: VariableValues; problems: VariableProblem[] } {
  const values: VariableValues = {};
  const problems: VariableProblem[] = [];
  for (const d of declarations) {
    const raw = Object.prototype.hasOwnProperty.call(vars, d.name) ? vars[d.name] : undefined;
    if (isBlank(raw)) {
      if (!d.optional) problems.push({ variable: d.name, why: 'is required' });
      values[d.name] = undefined;
      continue;
    }
    values[d.name] = d.type === 'list' ? checkList(d, raw, problems) : checkText(d, raw, problems);
  }
  return { values, problems };
}
