import Handlebars from 'handlebars';

import { type Channel, type PartName, POST_MAX_LENGTH, X_MAX_WEIGHTED_LENGTH } from './message-channels';
import { type VariableDeclaration, type VariableValues, charCount } from './message-variables';
import { finalPart } from './part-format';
import { type SmsStats, smsSegments } from './sms-segments';
import { type KindAnalysis } from './kind-check';
import { KIND_PARTIAL_NAMES, KIND_PARTIALS, type KindPartialName, isKindPartial } from './kind-partials';
import { type LayoutHeader, parseTemplateHeader } from './template-header';
import { type TemplateRenderer, compileTemplate, precompileTemplate } from './template-helpers';
import { type TemplateProblem, compileError, normaliseSource, walkTemplate } from './template-walk';
import { xPostStats } from './x-post-length';

export type { TemplateProblem };

/** The longest text this template can produce, exercise marking included. */
export interface WorstCase {
  length: number;
  xWeightedLength?: number;
  sms?: SmsStats;
}

export interface LayoutAnalysis {
  file: string;
  header?: LayoutHeader;
  problems: TemplateProblem[];
  bodyLine: number;
  /** The kind's partials this layout prints, with the line of their first use. */
  partials: ReadonlyMap<KindPartialName, number>;
  /** Set only when the layout has no problem of its own. */
  ast?: hbs.AST.Program;
}

export interface TemplateAnalysis {
  file: string;
  header?: LayoutHeader;
  problems: TemplateProblem[];
  /** Set only when the template has no problem at all. */
  render?: TemplateRenderer;
  worstCase?: WorstCase;
}

/** Parts read on the public timeline must carry the marker that reconciliation looks for. */
const needsMarker = (h: LayoutHeader): boolean => h.audience === 'public' && h.part !== 'title';

/**
 * Handlebars treats a partial alone on its line as a block of whole lines and
 * drops the line break after it. A kind's one-line partial (`{{> shortAdvice}}`)
 * is a phrase, not a block: give its line break back, so a layout reads as it prints.
 */
function keepLineBreaksAfterPhrases(program: hbs.AST.Program | undefined): void {
  const body = program?.body ?? [];
  body.forEach((s, i) => {
    if (s.type === 'BlockStatement') {
      keepLineBreaksAfterPhrases((s as hbs.AST.BlockStatement).program);
      keepLineBreaksAfterPhrases((s as hbs.AST.BlockStatement).inverse);
    }
    // Handlebars' typings call `original` StripFlags; at run time it is the text before stripping.
    const next = body[i + 1] as unknown as { type: string; value: string; original: string; rightStripped?: boolean } | undefined;
    if (s.type !== 'PartialStatement' || next?.type !== 'ContentStatement' || !next.rightStripped) return;
    const name = String(((s as hbs.AST.PartialStatement).name as hbs.AST.PathExpression).original);
    if (!isKindPartial(name) || KIND_PARTIALS[name].multiline) return;
    const dropped = /^[ \t]*\n/.exec(next.original)?.[0];
    if (dropped && !next.value.startsWith(dropped)) next.value = dropped + next.value;
  });
}

/**
 * One layout file on its own: its header, its problems (each with a line and a
 * reason a template editor can act on), the kind's partials it prints, and,
 * when sound, its syntax tree for the composition with each kind.
 */
export function analyseLayout(source: string, file: string): LayoutAnalysis {
  const text = normaliseSource(source);
  const parsed = parseTemplateHeader(text);
  const problems: TemplateProblem[] = parsed.problems.map((p) => ({ file, ...p }));
  const header = parsed.header;
  const part: PartName = header?.part ?? 'text';
  const base = { file, header, problems, bodyLine: parsed.bodyLine, partials: new Map<KindPartialName, number>() };

  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(text);
  } catch (e) {
    const { line, why } = compileError(e);
    problems.push({ file, line: line ?? parsed.bodyLine, why });
    return base;
  }
  keepLineBreaksAfterPhrases(ast);
  const walk = walkTemplate(ast, parsed.vars, part, 'layout');
  problems.push(...walk.problems.map((p) => ({ file, ...p })));
  if (header && needsMarker(header) && parsed.vars.some((d) => d.name === 'marker') && !walk.alwaysUsed.has('marker')) {
    problems.push({ file, line: parsed.bodyLine, why: 'a public post must always print {{marker}} (outside any block): it is how a post with an unknown outcome is found again' });
  } else if (header && needsMarker(header) && !parsed.vars.some((d) => d.name === 'marker')) {
    problems.push({ file, line: header.lines.vars ?? 1, why: 'a public post must declare and print {{marker}}: it is how a post with an unknown outcome is found again' });
  }
  if (problems.length) return { ...base, partials: walk.partials };
  try {
    precompileTemplate(ast, part);
  } catch (e) {
    const { line, why } = compileError(e);
    problems.push({ file, line: line ?? parsed.bodyLine, why });
    return { ...base, partials: walk.partials };
  }
  return { ...base, partials: walk.partials, ast };
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

/** A limit the composed text can exceed, at the layout line that sets it (maxSegments) or its body. */
export interface LimitProblem {
  line: number;
  why: string;
}

export interface ComposedModel {
  /** The layout's declarations, then those of the kind's partials it prints. */
  vars: VariableDeclaration[];
  render?: TemplateRenderer;
  worstCase?: WorstCase;
  problems: LimitProblem[];
}

/** Every known partial, empty: a layout measured on its own. */
const NO_WORDING: hbs.AST.Program = Handlebars.parse(KIND_PARTIAL_NAMES.map((n) => `{{#*inline "${n}"}}{{/inline}}`).join(''));

/**
 * A sound layout filled with one kind's wording (or none): the kind's
 * `{{#*inline}}` blocks are put before the layout's body in one syntax tree,
 * so each keeps its own lines and the part's escaping applies to both. Then
 * rendered with every variable at its longest and measured as it would leave,
 * exercise marking included.
 */
export function composeModel(layout: LayoutAnalysis, kind: Pick<KindAnalysis, 'inlines' | 'header'> | undefined): ComposedModel {
  const header = layout.header!;
  const vars = [...header.vars];
  for (const name of layout.partials.keys()) {
    for (const v of kind?.inlines.get(name)?.uses ?? []) {
      const d = kind!.header!.vars.find((x) => x.name === v);
      if (d && !vars.some((x) => x.name === v)) vars.push(d);
    }
  }
  const wording = kind ? [...kind.inlines.values()].map((i) => i.node) : NO_WORDING.body;
  const program: hbs.AST.Program = { ...layout.ast!, body: [...wording, ...layout.ast!.body] };
  const problems: LimitProblem[] = [];
  let render: TemplateRenderer;
  let w: WorstCase | undefined;
  try {
    render = compileTemplate(program, header.part);
    for (const values of worstValueSets(vars)) w = worse(w, measure(header.channel, finalPart(header.channel, header.part, render(values), true)));
  } catch (e) {
    return { vars, problems: [{ line: layout.bodyLine, why: `fails when rendered: ${(e as Error).message}` }] };
  }
  const worstCase = w!;
  if (worstCase.xWeightedLength !== undefined && worstCase.xWeightedLength > X_MAX_WEIGHTED_LENGTH) {
    problems.push({
      line: layout.bodyLine,
      why: `an X post can reach ${worstCase.xWeightedLength} weighted characters with the longest declared values and the exercise marking; X allows ${X_MAX_WEIGHTED_LENGTH} (shorten the text or lower a max)`,
    });
  }
  const limit = POST_MAX_LENGTH[header.channel];
  if (limit && worstCase.length > limit.max) {
    problems.push({
      line: layout.bodyLine,
      why: `${/^[AEIOU]/.test(limit.network) ? 'an' : 'a'} ${limit.network} post can reach ${worstCase.length} characters; ${limit.network} allows ${limit.max}`,
    });
  }
  if (worstCase.sms && header.maxSegments !== undefined && worstCase.sms.segments > header.maxSegments) {
    problems.push({
      line: header.lines.maxSegments ?? layout.bodyLine,
      why: `an SMS can take ${worstCase.sms.segments} parts (${worstCase.sms.units} ${worstCase.sms.encoding} units with the longest declared values and the exercise marking); maxSegments is ${header.maxSegments}`,
    });
  }
  return problems.length ? { vars, worstCase, problems } : { vars, render: render!, worstCase, problems };
}

/**
 * A layout checked alone, its kind's partials taken as empty: what the layout
 * itself may print. The catalog measures it again with every kind's wording.
 */
export function analyseTemplate(source: string, file: string): TemplateAnalysis {
  const layout = analyseLayout(source, file);
  if (!layout.ast || !layout.header) return { file, header: layout.header, problems: layout.problems };
  const composed = composeModel(layout, undefined);
  const problems = composed.problems.map((p) => ({ file, line: p.line, why: p.why }));
  return problems.length || !composed.render
    ? { file, header: layout.header, problems, worstCase: composed.worstCase }
    : { file, header: layout.header, problems, render: composed.render, worstCase: composed.worstCase };
}

/** Every problem of one layout file, in line order. */
export function checkTemplate(source: string, file: string): TemplateProblem[] {
  return [...analyseTemplate(source, file).problems].sort((a, b) => a.line - b.line);
}
