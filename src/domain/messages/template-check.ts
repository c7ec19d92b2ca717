import Handlebars from 'handlebars';

import { type Channel, type PartName, POST_MAX_LENGTH, X_MAX_WEIGHTED_LENGTH } from './message-channels';
import { type VariableDeclaration, type VariableValues, charCount } from './message-variables';
import { finalPart } from './part-format';
import { type SmsStats, smsSegments } from './sms-segments';
import { type TemplateHeader, parseTemplateHeader } from './template-header';
import { type TemplateRenderer, BLOCK_HELPERS, VALUE_HELPERS, compileTemplate, precompileTemplate } from './template-helpers';
import { xPostStats } from './x-post-length';

export interface TemplateProblem {
  file: string;
  line: number;
  why: string;
}

/** The longest text this template can produce, exercise marking included. */
export interface WorstCase {
  length: number;
  xWeightedLength?: number;
  sms?: SmsStats;
}

export interface TemplateAnalysis {
  file: string;
  header?: TemplateHeader;
  problems: TemplateProblem[];
  /** Set only when the template has no problem at all. */
  render?: TemplateRenderer;
  worstCase?: WorstCase;
}

/**
 * Stand-ins at their declared maximum. The filler `ê` weighs 1 for X (as any
 * Latin letter) and is outside GSM-7, so it also yields the costliest SMS
 * (UCS-2). The guarantee therefore holds for Latin-script values; the renderer
 * measures the real text again before anything is sent.
 */
const FILLER = 'ê';

function worstValue(d: VariableDeclaration): string | string[] {
  if (d.type === 'list') return Array.from({ length: d.items ?? 1 }, () => FILLER.repeat(d.max));
  if (d.type === 'url') {
    const base = 'https://exemple.gouv.fr/';
    return base.length >= d.max ? base.slice(0, d.max) : base + 'a'.repeat(d.max - base.length);
  }
  return FILLER.repeat(d.max);
}

/** With every optional value present, then with every optional value absent: either can be the longer. */
function worstValueSets(vars: readonly VariableDeclaration[]): VariableValues[] {
  const all: VariableValues = Object.fromEntries(vars.map((d) => [d.name, worstValue(d)]));
  if (!vars.some((d) => d.optional)) return [all];
  const required: VariableValues = Object.fromEntries(vars.map((d) => [d.name, d.optional ? undefined : worstValue(d)]));
  return [all, required];
}

type Scope = { kind: 'root' } | { kind: 'item'; list: string };

interface WalkContext {
  scopes: Scope[];
  /** Optional variables known to be present here (inside {{#if name}}). */
  guards: ReadonlySet<string>;
  /** Inside any if/unless/each: what is used here may not be printed. */
  conditional: boolean;
}

interface WalkResult {
  problems: { line: number; why: string }[];
  /** Variables printed whatever the values (outside any block). */
  alwaysUsed: Set<string>;
}

/**
 * Walks the Handlebars syntax tree and reports every name the template reads
 * that the header does not declare, and the constructs we do not allow
 * (partials, unknown helpers, raw HTML output).
 */
function walkTemplate(ast: hbs.AST.Program, vars: readonly VariableDeclaration[], part: PartName): WalkResult {
  const declared = new Map(vars.map((d) => [d.name, d]));
  const problems: WalkResult['problems'] = [];
  const alwaysUsed = new Set<string>();
  const report = (node: hbs.AST.Node, why: string) => problems.push({ line: node.loc?.start.line ?? 1, why });

  /** Resolves a path to a declared variable, the current list item, or nothing (after reporting why). */
  function resolve(path: hbs.AST.PathExpression, ctx: WalkContext, asCondition = false): VariableDeclaration | 'item' | undefined {
    const shown = `{{${path.original}}}`;
    if (path.data) {
      if (path.parts[0] === 'root' && path.parts.length === 2)
        return resolve({ ...path, data: false, depth: ctx.scopes.length - 1, parts: [path.parts[1]], original: path.parts[1] }, ctx, asCondition);
      if (['index', 'first', 'last'].includes(path.parts[0]) && path.parts.length === 1) {
        if (ctx.scopes.length > 1) return 'item';
        report(path, `${shown} only has a meaning inside {{#each}}`);
        return undefined;
      }
      report(path, `${shown} is not a known @ variable (use @index, @first or @last inside {{#each}})`);
      return undefined;
    }
    const target = ctx.scopes.length - 1 - path.depth;
    if (target < 0) {
      report(path, `${shown} goes above the top level`);
      return undefined;
    }
    const scope = ctx.scopes[target];
    if (scope.kind === 'item') {
      if (path.parts.length === 0) return 'item';
      report(path, `inside {{#each ${scope.list}}}, ${shown} looks for a field of the item, which is plain text; write {{../${path.parts.join('.')}}} for the variable`);
      return undefined;
    }
    if (path.parts.length === 0) {
      report(path, `${shown} only has a meaning inside {{#each}}`);
      return undefined;
    }
    const name = path.parts[0];
    const d = declared.get(name);
    if (!d) {
      report(path, `uses ${name}, which the header does not declare`);
      return undefined;
    }
    if (path.parts.length > 1) {
      report(path, `${shown}: ${name} is a plain value, it has no field "${path.parts.slice(1).join('.')}"`);
      return undefined;
    }
    if (d.optional && !asCondition && !ctx.guards.has(name)) {
      report(path, `${name} can be absent: use it inside {{#if ${name}}} ... {{/if}}`);
    }
    if (!ctx.conditional && ctx.scopes.length === 1) alwaysUsed.add(name);
    return d;
  }

  function expression(e: hbs.AST.Expression, ctx: WalkContext): VariableDeclaration | 'item' | undefined {
    if (e.type === 'PathExpression') return resolve(e as hbs.AST.PathExpression, ctx);
    if (e.type === 'SubExpression') {
      const s = e as hbs.AST.SubExpression;
      helperCall(s, (s.path as hbs.AST.PathExpression).original, s.params, s.hash, ctx);
    }
    return undefined;
  }

  function helperCall(node: hbs.AST.Node, name: string, params: hbs.AST.Expression[], hash: hbs.AST.Hash | undefined, ctx: WalkContext): void {
    const pairs = hash?.pairs ?? [];
    if (name === 'join') {
      const target = params.length === 1 ? expression(params[0], ctx) : undefined;
      if (params.length !== 1) report(node, '{{join}} takes one list, e.g. {{join communes}} or {{join communes limit=3}}');
      else if (target && target !== 'item' && target.type !== 'list') report(node, `{{join}} needs a list; ${target.name} is a ${target.type}`);
      for (const p of pairs) {
        if (p.key !== 'limit') report(node, `{{join}} has no option "${p.key}" (only limit)`);
        else if (p.value.type !== 'NumberLiteral' || !Number.isInteger((p.value as hbs.AST.NumberLiteral).value) || (p.value as hbs.AST.NumberLiteral).value < 1) {
          report(node, '{{join}} limit must be a whole number such as 3');
        }
      }
      return;
    }
    if (name === 'paragraphs') {
      if (part !== 'html') report(node, '{{paragraphs}} writes HTML: use it only in html parts');
      const target = params.length === 1 ? expression(params[0], ctx) : undefined;
      if (params.length !== 1) report(node, '{{paragraphs}} takes one text, e.g. {{paragraphs facts}}');
      else if (target && (target === 'item' || target.type === 'list')) report(node, '{{paragraphs}} needs a text variable');
      if (pairs.length) report(node, '{{paragraphs}} takes no options');
      return;
    }
    report(node, `unknown helper "${name}" (allowed: ${[...BLOCK_HELPERS, ...VALUE_HELPERS].join(', ')})`);
    params.forEach((p) => expression(p, ctx));
  }

  function program(p: hbs.AST.Program | undefined, ctx: WalkContext): void {
    for (const s of p?.body ?? []) statement(s, ctx);
  }

  function statement(s: hbs.AST.Statement, ctx: WalkContext): void {
    switch (s.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        return;
      case 'MustacheStatement': {
        const m = s as hbs.AST.MustacheStatement;
        if (m.path.type !== 'PathExpression') {
          report(m, 'a literal between {{ }}: write the text directly');
          return;
        }
        const path = m.path as hbs.AST.PathExpression;
        if (!m.escaped && part === 'html') report(m, `{{{${path.original}}}} prints raw HTML: use {{${path.original}}} so the value is escaped`);
        const isHelperName = path.depth === 0 && !path.data && path.parts.length === 1;
        if (m.params.length || m.hash?.pairs.length || (isHelperName && (VALUE_HELPERS as readonly string[]).includes(path.original))) {
          helperCall(m, path.original, m.params, m.hash, ctx);
        } else if (isHelperName && (BLOCK_HELPERS as readonly string[]).includes(path.original)) {
          report(m, `{{${path.original}}} is a block: write {{#${path.original} ...}} ... {{/${path.original}}}`);
        } else {
          resolve(path, ctx);
        }
        return;
      }
      case 'BlockStatement': {
        const b = s as hbs.AST.BlockStatement;
        const name = b.path.original;
        const inner: WalkContext = { ...ctx, conditional: true };
        if (b.program?.blockParams?.length) report(b, `block parameters (as |${b.program.blockParams.join(' ')}|) are not supported; use {{this}}`);
        if (b.hash?.pairs.length) report(b, `{{#${name}}} takes no options`);
        if (name === 'if' || name === 'unless') {
          let guarded: string | undefined;
          if (b.params.length !== 1) report(b, `{{#${name}}} takes one variable`);
          else if (b.params[0].type === 'PathExpression') {
            const d = resolve(b.params[0] as hbs.AST.PathExpression, ctx, true);
            if (d && d !== 'item') guarded = d.name;
          } else expression(b.params[0], ctx);
          const withGuard = guarded ? { ...inner, guards: new Set([...ctx.guards, guarded]) } : inner;
          program(b.program, name === 'if' ? withGuard : inner);
          program(b.inverse, name === 'unless' ? withGuard : inner);
          return;
        }
        if (name === 'each') {
          let list = '?';
          if (b.params.length !== 1 || b.params[0].type !== 'PathExpression') report(b, '{{#each}} takes one list variable, e.g. {{#each communes}}');
          else {
            const d = resolve(b.params[0] as hbs.AST.PathExpression, ctx, true);
            if (d && d !== 'item') {
              if (d.type !== 'list') report(b, `{{#each}} needs a list; ${d.name} is a ${d.type}`);
              if (d.optional && !ctx.guards.has(d.name)) report(b, `${d.name} can be absent: use it inside {{#if ${d.name}}}`);
              list = d.name;
            }
          }
          program(b.program, { ...inner, scopes: [...ctx.scopes, { kind: 'item', list }] });
          program(b.inverse, inner);
          return;
        }
        report(b, `unknown block helper "${name}" (allowed: ${BLOCK_HELPERS.join(', ')})`);
        program(b.program, inner);
        program(b.inverse, inner);
        return;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement':
        report(s, 'partials ({{> name}}) are not supported: each template is reviewed and approved as one file');
        return;
      default:
        report(s, `${s.type} is not supported in templates`);
    }
  }

  program(ast, { scopes: [{ kind: 'root' }], guards: new Set(), conditional: false });
  return { problems, alwaysUsed };
}

/** Handlebars' parse errors span several lines with an ASCII pointer and a token list; keep what a person can act on. */
function compileError(e: unknown): { line?: number; why: string } {
  const err = e as { message?: string; lineNumber?: number };
  const message = String(err.message ?? e);
  const parse = /^Parse error on line (\d+):\n(.*)\n-*\^\n(.*)$/s.exec(message);
  if (parse) {
    const [, line, near, expecting] = parse;
    const got = /got '([^']+)'/.exec(expecting)?.[1];
    const what = got === 'EOF' ? 'a block is not closed ({{#...}} without its {{/...}})' : got === 'INVALID' ? 'a {{ }} tag is not written correctly' : `unexpected ${got ?? 'text'}`;
    return { line: Number(line), why: `does not compile: ${what}, near "${near.trim()}"` };
  }
  const at = /- (\d+):\d+$/.exec(message);
  return { line: err.lineNumber ?? (at ? Number(at[1]) : undefined), why: `does not compile: ${message.replace(/ - \d+:\d+$/, '')}` };
}

/** Parts read on the public timeline must carry the marker that reconciliation looks for. */
const needsMarker = (h: TemplateHeader): boolean => h.audience === 'public' && h.part !== 'title';

function measure(channel: Channel, text: string): WorstCase {
  return {
    length: charCount(text),
    ...(channel === 'x' ? { xWeightedLength: xPostStats(text).weightedLength } : {}),
    ...(channel === 'sms' ? { sms: smsSegments(text) } : {}),
  };
}

function worse(a: WorstCase | undefined, b: WorstCase): WorstCase {
  if (!a) return b;
  return {
    length: Math.max(a.length, b.length),
    ...(b.xWeightedLength !== undefined ? { xWeightedLength: Math.max(a.xWeightedLength ?? 0, b.xWeightedLength) } : {}),
    ...(b.sms ? { sms: a.sms && (a.sms.segments > b.sms.segments || (a.sms.segments === b.sms.segments && a.sms.units >= b.sms.units)) ? a.sms : b.sms } : {}),
  };
}

/**
 * Everything the boot check needs to know about one template file: its header,
 * its problems (each with a line and a reason a template editor can act on),
 * and, when sound, the compiled renderer and the longest text it can produce.
 */
export function analyseTemplate(source: string, file: string): TemplateAnalysis {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const parsed = parseTemplateHeader(text);
  const problems: TemplateProblem[] = parsed.problems.map((p) => ({ file, ...p }));
  const header = parsed.header;
  const part: PartName = header?.part ?? 'text';

  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(text);
  } catch (e) {
    const { line, why } = compileError(e);
    problems.push({ file, line: line ?? parsed.bodyLine, why });
    return { file, header, problems };
  }
  const walk = walkTemplate(ast, parsed.vars, part);
  problems.push(...walk.problems.map((p) => ({ file, ...p })));
  if (header && needsMarker(header) && parsed.vars.some((d) => d.name === 'marker') && !walk.alwaysUsed.has('marker')) {
    problems.push({ file, line: parsed.bodyLine, why: 'a public post must always print {{marker}} (outside any block): it is how a post with an unknown outcome is found again' });
  } else if (header && needsMarker(header) && !parsed.vars.some((d) => d.name === 'marker')) {
    problems.push({ file, line: header.lines.vars ?? 1, why: 'a public post must declare and print {{marker}}: it is how a post with an unknown outcome is found again' });
  }
  if (problems.length) return { file, header, problems };

  try {
    precompileTemplate(text, part);
  } catch (e) {
    const { line, why } = compileError(e);
    problems.push({ file, line: line ?? parsed.bodyLine, why });
    return { file, header, problems };
  }
  if (!header) return { file, problems };

  const render = compileTemplate(text, part);
  let worstCase: WorstCase | undefined;
  try {
    for (const values of worstValueSets(header.vars)) {
      worstCase = worse(worstCase, measure(header.channel, finalPart(header.channel, part, render(values), true)));
    }
  } catch (e) {
    problems.push({ file, line: parsed.bodyLine, why: `fails when rendered: ${(e as Error).message}` });
    return { file, header, problems };
  }
  const w = worstCase!;
  if (w.xWeightedLength !== undefined && w.xWeightedLength > X_MAX_WEIGHTED_LENGTH) {
    problems.push({
      file,
      line: parsed.bodyLine,
      why: `an X post can reach ${w.xWeightedLength} weighted characters with the longest declared values and the exercise marking; X allows ${X_MAX_WEIGHTED_LENGTH} (shorten the text or lower a max)`,
    });
  }
  const limit = POST_MAX_LENGTH[header.channel];
  if (limit && w.length > limit.max) {
    problems.push({ file, line: parsed.bodyLine, why: `${/^[AEIOU]/.test(limit.network) ? 'an' : 'a'} ${limit.network} post can reach ${w.length} characters; ${limit.network} allows ${limit.max}` });
  }
  if (w.sms && header.maxSegments !== undefined && w.sms.segments > header.maxSegments) {
    problems.push({
      file,
      line: header.lines.maxSegments ?? parsed.bodyLine,
      why: `an SMS can take ${w.sms.segments} parts (${w.sms.units} ${w.sms.encoding} units with the longest declared values and the exercise marking); maxSegments is ${header.maxSegments}`,
    });
  }
  return problems.length ? { file, header, problems, worstCase: w } : { file, header, problems, render, worstCase: w };
}

/** Every problem of one template file, in line order. */
export function checkTemplate(source: string, file: string): TemplateProblem[] {
  return [...analyseTemplate(source, file).problems].sort((a, b) => a.line - b.line);
}
