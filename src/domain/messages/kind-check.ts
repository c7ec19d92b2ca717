import Handlebars from 'handlebars';

import { KIND_PARTIAL_NAMES, KIND_PARTIALS, type KindPartialName, isKindPartial } from './kind-partials';
import { type KindHeader, parseKindHeader } from './template-header';
import { type TemplateProblem, compileError, normaliseSource, walkTemplate } from './template-walk';

export interface KindPartial {
  line: number;
  /** The `{{#*inline}}` block itself, put before a layout's body when they are composed. */
  node: hbs.AST.Statement;
  /** Variables it reads, which the layouts printing it then require. */
  uses: ReadonlySet<string>;
}

export interface KindAnalysis {
  file: string;
  header?: KindHeader;
  problems: TemplateProblem[];
  inlines: ReadonlyMap<KindPartialName, KindPartial>;
}

/** The same words go into text parts and HTML ones, where they are not escaped: no markup, no entity. */
const MARKUP = /[<>&]/;

/**
 * One kind's wording (templates/kinds/<kind>.hbs): a header, then only
 * `{{#*inline "name"}} ... {{/inline}}` blocks, one for each of KIND_PARTIALS.
 */
export function analyseKind(source: string, file: string): KindAnalysis {
  const text = normaliseSource(source);
  const parsed = parseKindHeader(text);
  const problems: TemplateProblem[] = parsed.problems.map((p) => ({ file, ...p }));
  const inlines = new Map<KindPartialName, KindPartial>();
  const report = (line: number | undefined, why: string) => problems.push({ file, line: line ?? parsed.bodyLine, why });

  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(text);
  } catch (e) {
    const { line, why } = compileError(e);
    report(line, why);
    return { file, header: parsed.header, problems, inlines };
  }

  for (const s of ast.body) {
    const line = s.loc?.start.line;
    if (s.type === 'CommentStatement') continue;
    if (s.type === 'ContentStatement') {
      const c = s as hbs.AST.ContentStatement;
      if (c.value.trim() !== '') report(line, `"${c.value.trim().slice(0, 30)}" is outside any {{#*inline}}: it would never be printed`);
      continue;
    }
    const b = s as hbs.AST.BlockStatement;
    const name = b.params?.[0]?.type === 'StringLiteral' ? (b.params[0] as hbs.AST.StringLiteral).value : undefined;
    if (s.type !== 'DecoratorBlock' || b.path.original !== 'inline' || b.params.length !== 1 || name === undefined) {
      report(line, `only {{#*inline "name"}} ... {{/inline}} blocks belong here (names: ${KIND_PARTIAL_NAMES.join(', ')})`);
      continue;
    }
    if (!isKindPartial(name)) {
      report(line, `unknown partial "${name}": a kind defines ${KIND_PARTIAL_NAMES.join(', ')}`);
      continue;
    }
    if (inlines.has(name)) {
      report(line, `"${name}" is defined twice (first at line ${inlines.get(name)!.line})`);
      continue;
    }
    const walk = walkTemplate(b.program, parsed.vars, 'text', 'kind');
    problems.push(...walk.problems.map((p) => ({ file, ...p })));
    for (const c of b.program.body.filter((x): x is hbs.AST.ContentStatement => x.type === 'ContentStatement')) {
      if (MARKUP.test(c.value)) report(c.loc?.start.line, `"${name}" is printed in text and in HTML: write it without <, > or &`);
      if (!KIND_PARTIALS[name].multiline && c.value.includes('\n')) report(c.loc?.start.line, `"${name}" is printed within a line: write it on one line, {{#*inline "${name}"}}...{{/inline}}`);
    }
    inlines.set(name, { line: line ?? parsed.bodyLine, node: s, uses: walk.used });
  }
  for (const name of KIND_PARTIAL_NAMES) {
    if (!inlines.has(name)) report(parsed.bodyLine, `does not define {{#*inline "${name}"}}: every kind gives ${KIND_PARTIALS[name].description}`);
  }
  return { file, header: parsed.header, problems, inlines };
}
