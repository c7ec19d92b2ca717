import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { type Audience, type Channel, type PartName, AUDIENCE_CHANNELS, AUDIENCES, CHANNEL_PARTS, GENERIC_KIND, isAudience, isChannel, isMultiPart, templatePath } from './message-channels';
import { type VariableDeclaration, describeDeclaration } from './message-variables';
import { type TemplateHeader } from './template-header';
import { type TemplateAnalysis, type TemplateProblem, type WorstCase, analyseTemplate } from './template-check';
import { type TemplateRenderer } from './template-helpers';

export interface TemplatePart {
  part: PartName;
  file: string;
  header: TemplateHeader;
  render: TemplateRenderer;
  worstCase: WorstCase;
}

/** One approved wording for a kind, an audience and a channel: one file per part. */
export interface TemplateModel {
  kind: string;
  audience: Audience;
  channel: Channel;
  /** In the order of CHANNEL_PARTS (subject, html, text for email). */
  parts: TemplatePart[];
  /** Union of the parts' declarations. */
  variables: VariableDeclaration[];
}

export interface TemplateSource {
  /** Path inside the templates folder, with `/`: `forest_fire/public.x.hbs`. */
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

const FILE_PATTERN = /^([^/]+)\/([^/.]+)\.([^/.]+)(?:\.([^/.]+))?\.hbs$/;

/**
 * Checks every file, then the catalog as a whole: files where their header says
 * they belong, complete email and page models, a generic wording for every
 * audience and channel (the fallback of any event kind), and one declaration
 * per variable across files, so that a draft that fits one channel fits all.
 * Throws one error listing every problem; a half-valid catalog is never returned.
 */
export function buildTemplateCatalog(sources: readonly TemplateSource[], root = ''): TemplateCatalog {
  const display = (p: string) => (root ? join(root, p) : p);
  const problems: TemplateProblem[] = [];
  const analyses: { path: string; a: TemplateAnalysis }[] = [];

  for (const s of [...sources].sort((x, y) => x.path.localeCompare(y.path))) {
    const file = display(s.path);
    const a = analyseTemplate(s.source, file);
    problems.push(...a.problems);
    const m = FILE_PATTERN.exec(s.path);
    if (!m) {
      problems.push({ file, line: 1, why: 'a template must be at <kind>/<audience>.<channel>.hbs, or <kind>/<audience>.<channel>.<part>.hbs for email and public_page' });
      continue;
    }
    const [, folder, audience, channel, part] = m;
    const h = a.header;
    if (h) {
      const mismatch = (field: string, inHeader: string, inName: string) =>
        problems.push({ file, line: h.lines[field] ?? 1, why: `the header says ${field} "${inHeader}" but the file name says "${inName}"` });
      if (h.kind !== folder) mismatch('kind', h.kind, folder);
      if (h.audience !== audience) mismatch('audience', h.audience, audience);
      if (h.channel !== channel) mismatch('channel', h.channel, channel);
      if (isMultiPart(h.channel) && h.part !== part) mismatch('part', h.part, part ?? '(none)');
      if (!isMultiPart(h.channel) && part !== undefined) problems.push({ file, line: 1, why: `a ${h.channel} template is one file: name it ${templatePath(h.kind, h.audience, h.channel, 'text')}` });
      if (!AUDIENCE_CHANNELS[h.audience].includes(h.channel)) {
        problems.push({ file, line: h.lines.channel ?? 1, why: `${h.audience} is not reached by ${h.channel} (channels: ${AUDIENCE_CHANNELS[h.audience].join(', ')})` });
      }
    } else if (!isAudience(audience) || !isChannel(channel)) {
      problems.push({ file, line: 1, why: `unknown audience or channel in the file name "${audience}.${channel}"` });
    }
    analyses.push({ path: s.path, a });
  }

  // One declaration per variable name across the whole catalog.
  const firstDeclared = new Map<string, { d: VariableDeclaration; file: string }>();
  for (const { a } of analyses) {
    for (const d of a.header?.vars ?? []) {
      const first = firstDeclared.get(d.name);
      if (!first) firstDeclared.set(d.name, { d, file: a.file });
      else if (describeDeclaration(first.d) !== describeDeclaration(d)) {
        problems.push({
          file: a.file,
          line: d.line,
          why: `${d.name} is declared "${describeDeclaration(d)}" here but "${describeDeclaration(first.d)}" in ${first.file}; declare it the same everywhere so a draft fits every channel`,
        });
      }
    }
  }

  // Completeness is judged from file names, so that a file with a broken header
  // is not reported a second time as a missing part.
  const present = new Map<string, { file: string; parts: Set<string> }>();
  for (const { path, a } of analyses) {
    const m = FILE_PATTERN.exec(path)!;
    const [, folder, audience, channel, part] = m;
    const k = key(folder, audience, channel);
    const entry = present.get(k) ?? { file: a.file, parts: new Set<string>() };
    entry.parts.add(part ?? 'text');
    present.set(k, entry);
  }
  for (const [k, { file, parts }] of present) {
    const [kind, audience, channel] = k.split('|');
    if (!isAudience(audience) || !isChannel(channel)) continue;
    for (const part of CHANNEL_PARTS[channel]) {
      if (!parts.has(part)) {
        problems.push({ file, line: 1, why: `the ${kind} ${audience} ${channel} model has no ${part} part: add ${templatePath(kind, audience, channel, part)}` });
      }
    }
  }
  for (const audience of AUDIENCES) {
    for (const channel of AUDIENCE_CHANNELS[audience]) {
      if (!present.has(key(GENERIC_KIND, audience, channel))) {
        problems.push({
          file: display(templatePath(GENERIC_KIND, audience, channel, CHANNEL_PARTS[channel][0])),
          line: 1,
          why: `missing: the generic kind must cover ${audience} by ${channel}, it is the fallback of every event kind`,
        });
      }
    }
  }

  if (problems.length) {
    throw new TemplateCatalogError([...problems].sort((x, y) => x.file.localeCompare(y.file) || x.line - y.line));
  }

  const groups = new Map<string, TemplateAnalysis[]>();
  for (const { a } of analyses) {
    const k = key(a.header!.kind, a.header!.audience, a.header!.channel);
    groups.set(k, [...(groups.get(k) ?? []), a]);
  }
  const models: TemplateModel[] = [...groups.values()].map((parts) => {
    const h = parts[0].header!;
    const ordered = CHANNEL_PARTS[h.channel].map((name) => parts.find((p) => p.header!.part === name)!);
    const variables = new Map<string, VariableDeclaration>();
    for (const p of ordered) for (const v of p.header!.vars) if (!variables.has(v.name)) variables.set(v.name, v);
    return {
      kind: h.kind,
      audience: h.audience,
      channel: h.channel,
      parts: ordered.map((p) => ({ part: p.header!.part, file: p.file, header: p.header!, render: p.render!, worstCase: p.worstCase! })),
      variables: [...variables.values()],
    };
  });
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
