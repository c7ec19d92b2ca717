import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * `npm run lint`: the house rules that a type checker does not see (README,
 * "Style" and "Boundaries"). Each finding names the file and the rule.
 *
 * The checks are exported so that test/lint/lint-rules.spec.ts can run them on
 * a fixture tree and show that each rule catches what it names.
 */
const ROLE_SUFFIX =
  /\.(service|controller|module|entity|dto|policy|guard|filter|pipe|decorator|gateway|adapter|worker|job|spec|e2e-spec|repository|store|strategy|factory|options|exception|types|config)\.ts$/;
// The plain helpers beside them name their role in their last word (event-view.ts, delivery-store.ts, event-lock.ts).
const HELPER_ROLE = /-(view|views|pages|store|signal|lock|token|rooms|timers|assets|adapter)\.ts$/;
// Named by what they hold, and no role word says more; a new file names its role instead of joining this list.
export const NO_ROLE_WORD: ReadonlySet<string> = new Set([
  'src/modules/channels/channel-http.ts',
  'src/modules/contacts/contact-upload.ts',
  'src/modules/reports/report-files.ts',
  'src/modules/reports/report-pdf.ts',
]);
const MAX_SERVICE_LINES = 400;
/** Where live updates may be sent from: the unit of work (after COMMIT) and the live module itself. */
const LIVE_PUBLISHERS = ['src/modules/live/', 'src/modules/unit-of-work/'];

/** The boundary rules, by the name a finding gives. */
export type BoundaryRule = 'module-internals' | 'raw-sql-outside-store' | 'entity-relation-across-modules' | 'send-outside-outbox';

/**
 * Where ChannelsService (the only way out to a provider) may be named: the
 * channels module that owns it and the delivery module whose worker sends and
 * reconciles through it. Everything else sends by writing a delivery (the
 * outbox); a module that must read channel modes (health) injects
 * ChannelStatusService, which cannot send.
 */
const SENDERS = ['src/modules/channels/', 'src/modules/delivery/'];
const CHANNELS_SERVICE_FILE = /(^|\/)modules\/channels\/channels\.service$/;

/** What another module may import from a module: its Nest module, its services, and the types it shares on purpose. */
const MODULE_FACE = /\.(module|service|types)$/;
/** Where SQL and the connection may appear inside src/modules: the stores, and the unit of work that opens transactions. */
const SQL_PLACES = (rel: string) => rel.endsWith('.store.ts') || rel.startsWith('src/modules/unit-of-work/');
const SQL_MARKS: [RegExp, string][] = [
  [/@InjectDataSource\b/, '@InjectDataSource'],
  [/\bDataSource\b/, 'DataSource'],
  [/\.query\s*\(/, '.query('],
  [/\bgetRepository\s*\(/, 'getRepository('],
  [/\bcreateQueryBuilder\s*\(/, 'createQueryBuilder('],
];
const RELATION = /@(ManyToOne|OneToOne|OneToMany|ManyToMany)\s*\(\s*(?:\(\s*\w*\s*\)\s*=>\s*)?['"]?(\w+)/g;

export interface SourceFile {
  /** Path from the project root, with forward slashes (src/modules/events/events.service.ts). */
  rel: string;
  text: string;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The .ts files under `<root>/src`, as the checks read them. */
export function sourceFiles(root: string): SourceFile[] {
  return walk(join(root, 'src')).map((f) => ({ rel: relative(root, f).split(sep).join('/'), text: readFileSync(f, 'utf8') }));
}

/** The module a path under src/modules belongs to (`events` for src/modules/events/x/y.ts), else null. */
function moduleOf(rel: string): string | null {
  const parts = rel.split('/');
  return parts[0] === 'src' && parts[1] === 'modules' && parts.length > 3 ? parts[2] : null;
}

/** Every module specifier of a file: `from '…'` (one line or many, `import type` too), `import '…'`, `import('…')`, `require('…')`. */
export function importedSpecifiers(text: string): string[] {
  const out: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"\n]+)['"]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1]);
  return out;
}

/** Problems of the style rules (names, forwardRef, domain purity, live updates after commit). */
function styleProblems(f: SourceFile): string[] {
  const { rel, text } = f;
  const name = rel.split('/').pop()!;
  const out: string[] = [];
  if (!/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9-]+)*\.ts$/.test(name)) out.push(`${rel}: file names are kebab-case`);
  if (/forwardRef\s*\(/.test(text)) out.push(`${rel}: no forwardRef (a cycle means an event is missing)`);
  if (/synchronize:\s*true/.test(text)) out.push(`${rel}: synchronize is never on; write a migration`);
  if (/console\.(log|info|debug)\(/.test(text)) out.push(`${rel}: use the logger, not console`);
  if (name.endsWith('.service.ts') && text.split('\n').length > MAX_SERVICE_LINES) out.push(`${rel}: a service over ${MAX_SERVICE_LINES} lines; split it by use case`);
  if (rel.startsWith('src/domain/') && /from '(@nestjs|typeorm)/.test(text)) out.push(`${rel}: src/domain is pure: no Nest, no TypeORM`);
  if (rel.startsWith('src/modules/') && name.endsWith('.module.ts') && /exports:\s*\[[^\]]*Repository/.test(text)) out.push(`${rel}: a module exports its service, not its repository`);
  if (rel.startsWith('src/modules/') && !ROLE_SUFFIX.test(name) && !HELPER_ROLE.test(name) && !NO_ROLE_WORD.has(rel)) out.push(`${rel}: name the role of the file in its suffix`);
  if (!LIVE_PUBLISHERS.some((d) => rel.startsWith(d))) {
    // A subscriber may inject LiveEventsService; sending goes through work.publish, which runs only after COMMIT.
    if (/\blive\.publish\(/.test(text) || (/\bLiveEventsService\b/.test(text) && /\.publish\(/.test(text))) {
      out.push(`${rel}: publish live updates through the unit of work (work.publish), not LiveEventsService`);
    }
  }
  return out;
}

/** The boundary rules broken by one file, each with what it found. */
export function boundaryFindings(f: SourceFile, entityModules: Map<string, string>): { rule: BoundaryRule; detail: string }[] {
  const own = moduleOf(f.rel);
  if (!own) return [];
  const out: { rule: BoundaryRule; detail: string }[] = [];
  const isEntity = f.rel.endsWith('.entity.ts');
  for (const spec of importedSpecifiers(f.text)) {
    if (!spec.startsWith('.')) continue;
    const target = resolve('/', dirname(f.rel), spec)
      .slice(1)
      .replace(/\.(js|ts)$/, '');
    const other = moduleOf(`${target}.ts`);
    if (!other || other === own) continue;
    if (isEntity && target.endsWith('.entity'))
      out.push({
        rule: 'entity-relation-across-modules',
        detail: `an entity imports another module's entity '${spec}' (${other}): keep the foreign key in the migration (or @ForeignKey on the table name), no relation across modules`,
      });
    if (!MODULE_FACE.test(target))
      out.push({ rule: 'module-internals', detail: `imports '${spec}', an internal of the ${other} module: use what ${other} exports (its *.module.ts, *.service.ts, *.types.ts)` });
  }
  if (isEntity) {
    for (const m of f.text.matchAll(RELATION)) {
      const other = entityModules.get(m[2]);
      if (other && other !== own)
        out.push({ rule: 'entity-relation-across-modules', detail: `@${m[1]} to ${m[2]} of the ${other} module: keep the foreign key in the migration, no relation across modules` });
    }
  }
  if (!SQL_PLACES(f.rel)) {
    const found = SQL_MARKS.filter(([re]) => re.test(f.text)).map(([, label]) => label);
    if (found.length) out.push({ rule: 'raw-sql-outside-store', detail: `${found.join(', ')} outside a store: SQL lives in the module's *.store.ts, services use the stores or work.manager` });
  }
  return out;
}

/**
 * Import cycles among src/ files, type-only imports included: a cycle means a
 * shared piece wants a file of its own, and at run time it hands one side an
 * undefined export depending on which file loads first.
 */
export function importCycles(files: SourceFile[]): string[] {
  const known = new Set(files.map((f) => f.rel));
  const edges = new Map<string, string[]>();
  for (const f of files) {
    const targets: string[] = [];
    for (const spec of importedSpecifiers(f.text)) {
      if (!spec.startsWith('.')) continue;
      const base = resolve('/', dirname(f.rel), spec)
        .slice(1)
        .replace(/\.(js|ts)$/, '');
      const target = [`${base}.ts`, `${base}/index.ts`].find((t) => known.has(t));
      if (target) targets.push(target);
    }
    edges.set(f.rel, targets);
  }
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (rel: string): void => {
    state.set(rel, 'open');
    path.push(rel);
    for (const next of edges.get(rel) ?? []) {
      if (state.get(next) === 'open') {
        const cycle = [...path.slice(path.indexOf(next)), next];
        found.push(`${cycle[0]}: import cycle ${cycle.join(' -> ')}; move the shared piece to a file of its own`);
      } else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(rel, 'done');
  };
  for (const f of files) if (!state.has(f.rel)) visit(f.rel);
  return found;
}

/** Entity class names and table names of src/modules, mapped to their module. */
function entityIndex(files: SourceFile[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const f of files) {
    const mod = moduleOf(f.rel);
    if (!mod || !f.rel.endsWith('.entity.ts')) continue;
    for (const m of f.text.matchAll(/export\s+class\s+(\w+)/g)) index.set(m[1], mod);
  }
  return index;
}

/** The code of a file without its comments, so that a comment naming a class is not a use of it. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** A send that would bypass the outbox: ChannelsService (or its file) used outside the channels and delivery modules. */
export function sendFindings(f: SourceFile): { rule: BoundaryRule; detail: string }[] {
  if (!f.rel.startsWith('src/') || SENDERS.some((d) => f.rel.startsWith(d))) return [];
  const imports = importedSpecifiers(f.text).filter((spec) => spec.startsWith('.') && CHANNELS_SERVICE_FILE.test(resolve('/', dirname(f.rel), spec).replace(/\.(js|ts)$/, '')));
  if (imports.length === 0 && !/\bChannelsService\b/.test(withoutComments(f.text))) return [];
  return [
    {
      rule: 'send-outside-outbox',
      detail: `uses ChannelsService outside src/modules/delivery and src/modules/channels: send by writing a delivery (DeliveryQueueService.enqueue, in the deciding transaction); read channel modes through ChannelStatusService`,
    },
  ];
}

/** Every problem of the tree: style, boundaries, import cycles. */
export function lintFiles(files: SourceFile[]): string[] {
  const problems: string[] = [];
  const entities = entityIndex(files);
  for (const f of files) {
    problems.push(...styleProblems(f));
    for (const { rule, detail } of [...boundaryFindings(f, entities), ...sendFindings(f)]) problems.push(`${f.rel}: [${rule}] ${detail}`);
  }
  problems.push(...importCycles(files));
  return problems;
}

/** The console asks the server what its user may do (`me.can`, from src/access/permissions.ts): a role list of its own would drift from the guard. */
export function consoleProblems(root: string): string[] {
  const consoleDir = join(root, 'web', 'console');
  const out: string[] = [];
  for (const name of readdirSync(consoleDir).filter((n) => n.endsWith('.js'))) {
    const text = readFileSync(join(consoleDir, name), 'utf8');
    const rel = `web/console/${name}`;
    if (/\[\s*'(admin|prefect|duty_officer|communication|reviewer)'\s*,/.test(text)) out.push(`${rel}: no role list in the console; check can(ctx, 'permission')`);
    if (name !== 'app.js' && /\bme\.role\b/.test(text)) out.push(`${rel}: decide with can(ctx, 'permission'), not with the role (app.js only shows it)`);
  }
  return out;
}

if (require.main === module) {
  const root = join(__dirname, '..', '..');
  const gone = [...NO_ROLE_WORD].filter((rel) => !existsSync(join(root, rel))).map((rel) => `${rel}: in NO_ROLE_WORD but gone; remove it from the list`);
  const problems = [...lintFiles(sourceFiles(root)), ...consoleProblems(root), ...gone];
  if (problems.length) {
    process.stderr.write(`${problems.join('\n')}\n${problems.length} problem(s)\n`);
    process.exit(1);
  }
  process.stdout.write('lint: no problems\n');
}
