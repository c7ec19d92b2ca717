import { type PartName } from './message-channels';
import { type VariableDeclaration } from './message-variables';
import { KIND_PARTIAL_NAMES, type KindPartialName, isKindPartial } from './kind-partials';
import { BLOCK_HELPERS, VALUE_HELPERS } from './template-helpers';

/** A problem a template editor can act on: the file, the line and why. */
export interface TemplateProblem {
  file: string;
  line: number;
  why: string;
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
  /** Every variable read, printed or tested. */
  used: Set<string>;
  /** The kind's partials a layout prints, with the line of their first use. */
  partials: Map<KindPartialName, number>;
}

/** A layout prints the kind's partials; a kind's partial prints only values and text. */
export type WalkRole = 'layout' | 'kind';

/**
 * Walks the Handlebars syntax tree and reports every name the template reads
 * that the header does not declare, and the constructs we do not allow
 * (unknown partials, unknown helpers, raw HTML output).
 */
export function walkTemplate(ast: hbs.AST.Program, vars: readonly VariableDeclaration[], part: PartName, role: WalkRole = 'layout'): WalkResult {
  const declared = new Map(vars.map((d) => [d.name, d]));
  const problems: WalkResult['problems'] = [];
  const alwaysUsed = new Set<string>();
  const used = new Set<string>();
  const partials = new Map<KindPartialName, number>();
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
    used.add(name);
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
        if (name === 'bullets') {
          if (b.params.length) report(b, '{{#bullets}} takes nothing: write {{#bullets}}{{> advice}}{{/bullets}}');
          program(b.program, inner);
          if (b.inverse) report(b, '{{#bullets}} has no {{else}}');
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
      case 'PartialStatement': {
        const p = s as hbs.AST.PartialStatement;
        const name = p.name.type === 'PathExpression' ? (p.name as hbs.AST.PathExpression).original : undefined;
        if (role === 'kind') {
          report(s, `a kind's partial cannot print another partial ({{> ${name ?? '...'}}}): write the words here`);
          return;
        }
        if (!name || !isKindPartial(name)) {
          report(s, `unknown partial {{> ${name ?? '(expression)'}}}: a layout prints only what every kind defines (${KIND_PARTIAL_NAMES.join(', ')})`);
          return;
        }
        if (p.params.length || p.hash?.pairs.length) report(s, `{{> ${name}}} takes no parameters`);
        if (ctx.scopes.length > 1) report(s, `{{> ${name}}} cannot be used inside {{#each}}`);
        if (!partials.has(name)) partials.set(name, p.loc?.start.line ?? 1);
        return;
      }
      case 'PartialBlockStatement':
        report(s, "partial blocks ({{#> name}}) are not supported: print a kind's partial with {{> name}}");
        return;
      case 'DecoratorBlock':
      case 'Decorator':
        report(s, role === 'layout' ? 'a layout defines no partial: each kind defines its own in kinds/<kind>.hbs' : '{{#*inline}} is only allowed at the top of the file, not inside another block');
        return;
      default:
        report(s, `${s.type} is not supported in templates`);
    }
  }

  program(ast, { scopes: [{ kind: 'root' }], guards: new Set(), conditional: false });
  return { problems, alwaysUsed, used, partials };
}

/** Handlebars' parse errors span several lines with an ASCII pointer and a token list; keep what a person can act on. */
export function compileError(e: unknown): { line?: number; why: string } {
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

/** Normalised text: no BOM, `\n` line ends. */
export const normaliseSource = (source: string): string => source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
