import { type Audience, type Channel, type PartName, AUDIENCES, CHANNEL_PARTS, CHANNELS, KIND_PATTERN, isAudience, isChannel, isMultiPart, layoutId } from './message-channels';
import { MESSAGE_VARIABLES, VARIABLE_TYPES, type VariableDeclaration, type VariableType } from './message-variables';

/**
 * The block every file starts with: who approved this wording and when, and
 * what it may contain. A layout (templates/layouts/) is the wording shared by
 * every event kind for one audience and channel:
 *
 *   {{!--
 *   id: public.x
 *   audience: public
 *   channel: x
 *   version: 2
 *   approvedBy: Mme Claire Vautrin, directrice de cabinet
 *   approvedAt: 2025-01-20
 *   vars:
 *     eventTitle: string max 80
 *     nnip: string max 20 optional
 *   --}}
 *
 * `part` (subject, html, text, title) is required for email and public_page,
 * whose model spans several files; `maxSegments` is required for SMS.
 *
 * A kind's wording (templates/kinds/) gives `kind` instead of id, audience and
 * channel; its vars are those its partials print.
 */
export interface LayoutHeader {
  id: string;
  audience: Audience;
  channel: Channel;
  part: PartName;
  version: number;
  approvedBy: string;
  approvedAt: string;
  maxSegments?: number;
  vars: VariableDeclaration[];
  /** Line of each field in the file, so later checks can point at it. */
  lines: Readonly<Record<string, number>>;
}

/** A layout filled with one kind's wording: what a message records as its template. */
export interface TemplateHeader extends LayoutHeader {
  kind: string;
}

export interface KindHeader {
  kind: string;
  version: number;
  approvedBy: string;
  approvedAt: string;
  vars: VariableDeclaration[];
  lines: Readonly<Record<string, number>>;
}

export interface HeaderProblem {
  line: number;
  why: string;
}

export interface ParsedHeader<H = LayoutHeader> {
  /** Present only when every required field is valid. */
  header?: H;
  /** The valid declarations, even when the rest of the header is broken, so the body can still be checked. */
  vars: VariableDeclaration[];
  problems: HeaderProblem[];
  /** First line after the header block. */
  bodyLine: number;
}

const APPROVAL_FIELDS = ['version', 'approvedBy', 'approvedAt'] as const;
const LAYOUT_FIELDS = ['id', 'audience', 'channel', ...APPROVAL_FIELDS] as const;
const KIND_FIELDS = ['kind', ...APPROVAL_FIELDS] as const;

const FIELD_HELP: Record<string, string> = {
  id: 'the layout id, e.g. public.x or elected.email.html',
  kind: 'the event kind, e.g. forest_fire or generic',
  audience: `one of ${AUDIENCES.join(', ')}`,
  channel: `one of ${CHANNELS.join(', ')}`,
  version: 'a whole number, raised at each approved change',
  approvedBy: 'who approved this wording',
  approvedAt: 'the date the wording was approved, YYYY-MM-DD',
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?)?$/;

function validDate(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const positiveInt = (v: string): number | undefined => (/^[1-9]\d*$/.test(v) ? Number(v) : undefined);

function parseDeclaration(name: string, spec: string, line: number, problems: HeaderProblem[]): VariableDeclaration | undefined {
  const known = MESSAGE_VARIABLES[name];
  if (!known) {
    problems.push({ line, why: `${name} is not a message variable (known: ${Object.keys(MESSAGE_VARIABLES).join(', ')})` });
    return undefined;
  }
  const usage = known.type === 'list' ? `list max <characters per item> items <count>` : `${known.type} max <characters>`;
  const bad = (why: string) => {
    problems.push({ line, why: `${name}: ${why}; write "${name}: ${usage}${known.optional ? ' optional' : ''}"` });
    return undefined;
  };
  const tokens = spec.trim().split(/\s+/).filter(Boolean);
  const type = tokens.shift();
  if (!type || !(VARIABLE_TYPES as readonly string[]).includes(type)) return bad(`unknown type "${type ?? ''}"`);
  if (type !== known.type) return bad(`${name} is a ${known.type}, not a ${type}`);
  let max: number | undefined;
  let items: number | undefined;
  let optional = false;
  while (tokens.length) {
    const t = tokens.shift()!;
    if (t === 'optional') optional = true;
    else if (t === 'max' || t === 'items') {
      const n = positiveInt(tokens.shift() ?? '');
      if (n === undefined) return bad(`"${t}" needs a whole number`);
      if (t === 'max') max = n;
      else items = n;
    } else return bad(`unexpected "${t}"`);
  }
  if (max === undefined) return bad('no maximum length');
  if (type === 'list' && items === undefined) return bad('a list needs a maximum number of items');
  if (type !== 'list' && items !== undefined) return bad('only a list has items');
  if (known.optional && !optional) {
    problems.push({ line, why: `${name} can be absent (${known.description}): declare it optional and use it inside {{#if ${name}}}` });
    return undefined;
  }
  if (!known.optional && optional) {
    problems.push({ line, why: `${name} is always provided: remove "optional"` });
    return undefined;
  }
  return { name, type: type as VariableType, max, ...(items !== undefined ? { items } : {}), optional, line };
}

interface HeaderBlock {
  fields: Record<string, string>;
  fieldLines: Record<string, number>;
  vars: VariableDeclaration[];
  problems: HeaderProblem[];
  bodyLine: number;
}

/** The `{{!-- field: value ... vars: ... --}}` block, read line by line; `undefined` when there is no block at all. */
function readHeaderBlock(source: string, known: ReadonlySet<string>, fieldList: string): HeaderBlock | { problems: HeaderProblem[] } {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const problems: HeaderProblem[] = [];
  const vars: VariableDeclaration[] = [];
  if (!text.startsWith('{{!--')) {
    problems.push({ line: 1, why: `the file must start with a header block {{!-- ... --}} giving ${fieldList} and vars` });
    return { problems };
  }
  const end = text.indexOf('--}}');
  if (end < 0) {
    problems.push({ line: 1, why: 'the header block {{!-- is never closed with --}}' });
    return { problems };
  }
  const lines = text.slice(5, end).split('\n');
  const fields: Record<string, string> = {};
  const fieldLines: Record<string, number> = {};
  let inVars = false;

  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.trim().startsWith('#')) return;
    const indented = /^\s/.test(raw) && i > 0;
    if (indented) {
      if (!inVars) {
        problems.push({ line, why: 'unexpected indented line: only variables under "vars:" are indented' });
        return;
      }
      const m = /^\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$/.exec(raw);
      if (!m) {
        problems.push({ line, why: 'expected a variable declaration such as "eventTitle: string max 80"' });
        return;
      }
      if (vars.some((v) => v.name === m[1])) {
        problems.push({ line, why: `${m[1]} is declared twice` });
        return;
      }
      const d = parseDeclaration(m[1], m[2], line, problems);
      if (d) vars.push(d);
      return;
    }
    const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s*:\s*(.*?)\s*$/.exec(raw);
    if (!m) {
      problems.push({ line, why: 'expected "field: value"' });
      return;
    }
    const [, key, value] = m;
    inVars = key === 'vars';
    if (!known.has(key)) {
      problems.push({ line, why: `unknown header field "${key}"` });
      return;
    }
    if (key in fieldLines) {
      problems.push({ line, why: `${key} is given twice` });
      return;
    }
    fieldLines[key] = line;
    if (key === 'vars') {
      if (value !== '') problems.push({ line, why: 'write each variable on its own indented line under "vars:"' });
      return;
    }
    fields[key] = value;
  });
  return { fields, fieldLines, vars, problems, bodyLine: lines.length + 1 };
}

/** Checks the fields every approved wording has; returns false when one is missing or invalid. */
function checkFields(block: HeaderBlock, required: readonly string[]): boolean {
  const { fields, fieldLines, problems } = block;
  let ok = true;
  const fail = (key: string, why: string) => {
    problems.push({ line: fieldLines[key] ?? 1, why });
    ok = false;
  };
  for (const key of required) if (!fields[key]) fail(key, `the header has no ${key} (${FIELD_HELP[key]})`);
  const { kind, version, approvedAt } = fields;
  if (kind && !KIND_PATTERN.test(kind)) fail('kind', `kind "${kind}" must be lower case letters, digits and _ (e.g. forest_fire)`);
  if (version && positiveInt(version) === undefined) fail('version', `version "${version}" must be ${FIELD_HELP.version}`);
  if (approvedAt && !validDate(approvedAt)) fail('approvedAt', `approvedAt "${approvedAt}" is not a date such as 2025-01-20`);
  return ok;
}

/** The header of a layout (templates/layouts/<audience>.<channel>[.<part>].hbs). */
export function parseTemplateHeader(source: string): ParsedHeader {
  const block = readHeaderBlock(source, new Set<string>([...LAYOUT_FIELDS, 'part', 'maxSegments', 'vars']), 'id, audience, channel, version, approvedBy, approvedAt');
  if (!('fields' in block)) return { vars: [], problems: block.problems, bodyLine: 1 };
  const { fields, fieldLines, vars, problems, bodyLine } = block;
  let ok = checkFields(block, LAYOUT_FIELDS);
  const fail = (key: string, why: string) => {
    problems.push({ line: fieldLines[key] ?? 1, why });
    ok = false;
  };
  const { id, audience, channel, version, approvedBy, approvedAt, part, maxSegments } = fields;
  if (audience && !isAudience(audience)) fail('audience', `unknown audience "${audience}" (${FIELD_HELP.audience})`);
  if (channel && !isChannel(channel)) fail('channel', `unknown channel "${channel}" (${FIELD_HELP.channel})`);

  let partName: PartName = 'text';
  if (channel && isChannel(channel)) {
    const allowed = CHANNEL_PARTS[channel];
    if (isMultiPart(channel)) {
      if (!part) fail('channel', `a ${channel} template needs "part: ${allowed.join(' | ')}"`);
      else if (!(allowed as readonly string[]).includes(part)) fail('part', `part "${part}" is not one of ${allowed.join(', ')} for ${channel}`);
      else partName = part as PartName;
    } else if (part !== undefined && part !== 'text') {
      fail('part', `a ${channel} template has a single part: remove "part"`);
    }
    if (channel === 'sms' && maxSegments === undefined) fail('channel', 'an SMS template needs "maxSegments: <n>", the most SMS parts one message may cost');
    if (channel !== 'sms' && maxSegments !== undefined) fail('maxSegments', 'maxSegments only applies to SMS templates');
  }
  if (maxSegments !== undefined && positiveInt(maxSegments) === undefined) fail('maxSegments', 'maxSegments must be a whole number');

  if (ok && id && isAudience(audience) && isChannel(channel)) {
    const expected = layoutId(audience, channel, partName);
    if (id !== expected) fail('id', `id "${id}" does not match audience, channel and part: expected "${expected}"`);
  }

  const header: LayoutHeader | undefined = ok
    ? {
        id,
        audience: audience as Audience,
        channel: channel as Channel,
        part: partName,
        version: Number(version),
        approvedBy,
        approvedAt,
        ...(maxSegments !== undefined ? { maxSegments: Number(maxSegments) } : {}),
        vars,
        lines: fieldLines,
      }
    : undefined;
  return { header, vars, problems, bodyLine };
}

/** The header of a kind's wording (templates/kinds/<kind>.hbs). */
export function parseKindHeader(source: string): ParsedHeader<KindHeader> {
  const block = readHeaderBlock(source, new Set<string>([...KIND_FIELDS, 'vars']), 'kind, version, approvedBy, approvedAt');
  if (!('fields' in block)) return { vars: [], problems: block.problems, bodyLine: 1 };
  const ok = checkFields(block, KIND_FIELDS);
  const { fields, fieldLines, vars, problems, bodyLine } = block;
  const header: KindHeader | undefined = ok ? { kind: fields.kind, version: Number(fields.version), approvedBy: fields.approvedBy, approvedAt: fields.approvedAt, vars, lines: fieldLines } : undefined;
  return { header, vars, problems, bodyLine };
}
