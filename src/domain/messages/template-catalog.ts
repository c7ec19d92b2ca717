import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { isEventKind } from '../events/event-kind';
import { type KindAnalysis, analyseKind } from './kind-check';
import {
  type Audience,
  type Channel,
  type PartName,
  AUDIENCE_CHANNELS,
  AUDIENCES,
  CHANNEL_PARTS,
  GENERIC_KIND,
  KINDS_DIR,
  LAYOUTS_DIR,
  isAudience,
  isChannel,
  isMultiPart,
  kindPath,
  layoutPath,
  templateId,
} from './message-channels';
import { type VariableDeclaration, describeDeclaration } from './message-variables';
import { type TemplateHeader } from './template-header';
import { type LayoutAnalysis, type TemplateProblem, type WorstCase, analyseLayout, composeModel } from './template-check';
import { type TemplateRenderer } from './template-helpers';

export interface TemplatePart {
  part: PartName;
  /** The layout file. */
  file: string;
  /** The layout's header with this kind's id and the variables of both. */
  header: TemplateHeader;
  render: TemplateRenderer;
  worstCase: WorstCase;
}

/** Who approved a kind's wording (its label and safety advice), recorded beside the layout's approval. */
export interface KindWording {
  kind: string;
  file: string;
  version: number;
  approvedBy: string;
  approvedAt: string;
}

/** One layout for an audience and a channel, filled with one kind's wording. */
export interface TemplateModel {
  kind: string;
  audience: Audience;
  channel: Channel;
  /** In the order of CHANNEL_PARTS (subject, html, text for email). */
  parts: TemplatePart[];
  /** Union of the parts' declarations. */
  variables: VariableDeclaration[];
  wording: KindWording;
}

export interface TemplateSource {
  /** Path inside the templates folder, with `/`: `layouts/public.x.hbs`, `kinds/flood.hbs`. */
  path: string;
  source: string;
}

export class TemplateCatalogError extends Error {
  constructor(readonly problems: readonly TemplateProblem[]) {
    super(`${problems.length} template problem${problems.length > 1 ? 's' : ''}; fix them before starting:\n` + problems.map((p) => `${p.file}:${p.line}: ${p.why}`).join('\n'));
    this.name = 'TemplateCatalogError';
  }
}

const key = (kind: string, audience: string, channel: string) => `${kind}|${audience}|${channel}`;

export class TemplateCatalog {
  private readonly byKey: ReadonlyMap<string, TemplateModel>;

  constructor(private readonly all: readonly TemplateModel[]) {
    this.byKey = new Map(all.map((m) => [key(m.kind, m.audience, m.channel), m]));
  }

  /** The model for this kind, or the generic one when the kind has no wording of its own for this channel. */
  find(kind: string, audience: Audience, channel: Channel): TemplateModel | undefined {
    return this.byKey.get(key(kind, audience, channel)) ?? this.byKey.get(key(GENERIC_KIND, audience, channel));
  }

  models(): readonly TemplateModel[] {
    return this.all;
  }

  kinds(): string[] {
    return [...new Set(this.all.map((m) => m.kind))].sort();
  }

  /** Every variable some template uses, as declared (the catalog guarantees one declaration per name). */
  variables(): VariableDeclaration[] {
    const seen = new Map<string, VariableDeclaration>();
    for (const m of this.all) for (const v of m.variables) if (!seen.has(v.name)) seen.set(v.name, v);
    return [...seen.values()];
  }
}

const LAYOUT_FILE = new RegExp(`^${LAYOUTS_DIR}/([^/.]+)\\.([^/.]+)(?:\\.([^/.]+))?\\.hbs$`);
const KIND_FILE = new RegExp(`^${KINDS_DIR}/([^/.]+)\\.hbs$`);

interface Found {
  layouts: { path: string; a: LayoutAnalysis }[];
  kinds: { path: string; name: string; a: KindAnalysis }[];
}

/** Each file checked alone, and against its name. */
function checkFiles(sources: readonly TemplateSource[], display: (p: string) => string, problems: TemplateProblem[]): Found {
  const found: Found = { layouts: [], kinds: [] };
  for (const s of [...sources].sort((x, y) => x.path.localeCompare(y.path))) {
    const file = display(s.path);
    const lm = LAYOUT_FILE.exec(s.path);
    const km = KIND_FILE.exec(s.path);
    if (km) {
      const a = analyseKind(s.source, file);
      problems.push(...a.problems);
      const name = km[1];
      if (a.header && a.header.kind !== name) problems.push({ file, line: a.header.lines.kind ?? 1, why: `the header says kind "${a.header.kind}" but the file name says "${name}"` });
      if (name !== GENERIC_KIND && !isEventKind(name))
        problems.push({ file, line: 1, why: `"${name}" is not an event kind: name the file after one (see src/domain/events/event-kind.ts) or ${GENERIC_KIND}` });
      found.kinds.push({ path: s.path, name, a });
      continue;
    }
    if (!lm) {
      problems.push({
        file,
        line: 1,
        why: `a template is either a layout, ${LAYOUTS_DIR}/<audience>.<channel>.hbs (or .<part>.hbs for email and public_page), or a kind's wording, ${KINDS_DIR}/<kind>.hbs`,
      });
      continue;
    }
    const a = analyseLayout(s.source, file);
    problems.push(...a.problems);
    const [, audience, channel, part] = lm;
    const h = a.header;
    if (h) {
      const mismatch = (field: string, inHeader: string, inName: string) =>
        problems.push({ file, line: h.lines[field] ?? 1, why: `the header says ${field} "${inHeader}" but the file name says "${inName}"` });
      if (h.audience !== audience) mismatch('audience', h.audience, audience);
      if (h.channel !== channel) mismatch('channel', h.channel, channel);
      if (isMultiPart(h.channel) && h.part !== part) mismatch('part', h.part, part ?? '(none)');
      if (!isMultiPart(h.channel) && part !== undefined) problems.push({ file, line: 1, why: `a ${h.channel} layout is one file: name it ${layoutPath(h.audience, h.channel, 'text')}` });
      if (!AUDIENCE_CHANNELS[h.audience].includes(h.channel)) {
        problems.push({ file, line: h.lines.channel ?? 1, why: `${h.audience} is not reached by ${h.channel} (channels: ${AUDIENCE_CHANNELS[h.audience].join(', ')})` });
      }
    } else if (!isAudience(audience) || !isChannel(channel)) {
      problems.push({ file, line: 1, why: `unknown audience or channel in the file name "${audience}.${channel}"` });
    }
    found.layouts.push({ path: s.path, a });
  }
  return found;
}

/** One declaration per variable name across every file, so that a draft that fits one channel fits all. */
function checkDeclarations(found: Found, problems: TemplateProblem[]): void {
  const firstDeclared = new Map<string, { d: VariableDeclaration; file: string }>();
  const files = [...found.layouts.map((l) => ({ file: l.a.file, vars: l.a.header?.vars })), ...found.kinds.map((k) => ({ file: k.a.file, vars: k.a.header?.vars }))];
  for (const { file, vars } of files) {
    for (const d of vars ?? []) {
      const first = firstDeclared.get(d.name);
      if (!first) firstDeclared.set(d.name, { d, file });
      else if (describeDeclaration(first.d) !== describeDeclaration(d)) {
        problems.push({
          file,
          line: d.line,
          why: `${d.name} is declared "${describeDeclaration(d)}" here but "${describeDeclaration(first.d)}" in ${first.file}; declare it the same everywhere so a draft fits every channel`,
        });
      }
    }
  }
}

/**
 * Every audience and channel has its layout, complete; the generic wording exists.
 * Judged from file names, so that a file with a broken header is not reported a
 * second time as missing.
 */
function checkCompleteness(found: Found, display: (p: string) => string, problems: TemplateProblem[]): void {
  const present = new Set(found.layouts.map((l) => l.path));
  for (const audience of AUDIENCES) {
    for (const channel of AUDIENCE_CHANNELS[audience]) {
      for (const part of CHANNEL_PARTS[channel]) {
        const path = layoutPath(audience, channel, part);
        if (!present.has(path))
          problems.push({ file: display(path), line: 1, why: `missing: the layout of ${audience} by ${channel}${isMultiPart(channel) ? ` (${part} part)` : ''}, shared by every kind` });
      }
    }
  }
  if (!found.kinds.some((k) => k.name === GENERIC_KIND)) {
    problems.push({ file: display(kindPath(GENERIC_KIND)), line: 1, why: `missing: the ${GENERIC_KIND} wording is the fallback of every event kind without its own` });
  }
}

/**
 * Each layout filled with each kind's wording and measured at its longest. A
 * limit every kind exceeds is the layout's: reported once, at the layout. One
 * only some kinds exceed is theirs: reported at the kind's partial the layout prints.
 */
function composeAll(found: Found, problems: TemplateProblem[]): TemplateModel[] {
  const models: TemplateModel[] = [];
  const failures = new Map<LayoutAnalysis, { kind: KindAnalysis; line: number; why: string; size: number }[]>();
  const kinds = [...found.kinds].sort((x, y) => x.name.localeCompare(y.name));
  for (const { name, a: kind } of kinds) {
    const k = kind.header!;
    const wording: KindWording = { kind: name, file: kind.file, version: k.version, approvedBy: k.approvedBy, approvedAt: k.approvedAt };
    for (const audience of AUDIENCES) {
      for (const channel of AUDIENCE_CHANNELS[audience]) {
        const parts: TemplatePart[] = [];
        for (const part of CHANNEL_PARTS[channel]) {
          const layout = found.layouts.find((l) => l.path === layoutPath(audience, channel, part))!.a;
          const composed = composeModel(layout, kind);
          if (composed.problems.length || !composed.render) {
            const list = failures.get(layout) ?? [];
            const w = composed.worstCase;
            const size = w?.sms?.units ?? w?.xWeightedLength ?? w?.length ?? 0;
            list.push(...composed.problems.map((p) => ({ kind, size, ...p })));
            failures.set(layout, list);
            continue;
          }
          const header = { ...layout.header!, kind: name, id: templateId(name, audience, channel, part), vars: composed.vars };
          parts.push({ part, file: layout.file, header, render: composed.render, worstCase: composed.worstCase! });
        }
        const variables = new Map<string, VariableDeclaration>();
        for (const p of parts) for (const v of p.header.vars) if (!variables.has(v.name)) variables.set(v.name, v);
        models.push({ kind: name, audience, channel, parts, variables: [...variables.values()], wording });
      }
    }
  }
  for (const [layout, list] of failures) {
    const failingKinds = new Set(list.map((f) => f.kind));
    if (failingKinds.size === kinds.length) {
      const worst = list.reduce((a, b) => (b.size > a.size ? b : a));
      problems.push({ file: layout.file, line: worst.line, why: `${worst.why} (with every kind's wording; the longest is ${worst.kind.file})` });
      continue;
    }
    for (const f of list) {
      const printed = [...layout.partials.keys()].map((n) => f.kind.inlines.get(n)!.line);
      problems.push({ file: f.kind.file, line: printed.length ? Math.min(...printed) : 1, why: `with ${layout.file}: ${f.why}` });
    }
  }
  return models;
}

/**
 * Checks every file, then the catalog as a whole: files where their header says
 * they belong, a layout for every audience, channel and part, a generic wording
 * (the fallback of any event kind), one declaration per variable across files,
 * and every layout within its limits with every kind's wording. Throws one
 * error listing every problem; a half-valid catalog is never returned.
 */
export function buildTemplateCatalog(sources: readonly TemplateSource[], root = ''): TemplateCatalog {
  const display = (p: string) => (root ? join(root, p) : p);
  const problems: TemplateProblem[] = [];
  const found = checkFiles(sources, display, problems);
  checkDeclarations(found, problems);
  checkCompleteness(found, display, problems);
  const sorted = () => [...problems].sort((x, y) => x.file.localeCompare(y.file) || x.line - y.line);
  if (problems.length) throw new TemplateCatalogError(sorted());
  const models = composeAll(found, problems);
  if (problems.length) throw new TemplateCatalogError(sorted());
  return new TemplateCatalog(models);
}

/** Reads every `.hbs` under `dir` (other files, such as the sample contacts, are ignored) and builds the catalog. */
export function loadTemplateCatalog(dir: string): TemplateCatalog {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new TemplateCatalogError([{ file: dir, line: 1, why: 'the templates folder does not exist' }]);
  }
  const sources = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => p.split('\\').join('/'))
    .filter((p) => p.endsWith('.hbs'))
    .map((p) => ({ path: p, source: readFileSync(join(dir, p), 'utf8') }));
  return buildTemplateCatalog(sources, dir);
}
