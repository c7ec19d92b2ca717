import Handlebars from 'handlebars';

import { type PartName } from './message-channels';

/** Helpers a template may call, beyond the built-in `if`, `unless` and `each`. */
export const VALUE_HELPERS = ['join', 'paragraphs'] as const;
/** `bullets` turns each line of its block (usually `{{> advice}}`) into a list item, in the part's own format. */
export const BLOCK_HELPERS = ['if', 'unless', 'each', 'bullets'] as const;

export type TemplateRenderer = (values: Record<string, unknown>) => string;

/**
 * "Épinal, Golbey et Chantraine"; with a limit, "Épinal, Golbey et 3 autres" so
 * that a short channel stays short however many communes are affected.
 */
export function joinFrench(items: readonly string[], limit?: number): string {
  if (items.length === 0) return '';
  if (limit !== undefined && limit > 0 && items.length > limit) {
    const rest = items.length - limit;
    return `${items.slice(0, limit).join(', ')} et ${rest} ${rest === 1 ? 'autre' : 'autres'}`;
  }
  if (items.length === 1) return items[0];
  return `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
}

/** Blank lines in a text become paragraphs, single line breaks become <br>; the text itself is escaped. */
export function paragraphsHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${Handlebars.escapeExpression(p).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

/** The non-blank lines of a block, each made a list item: `<li>…</li>` in HTML, `- …` in text. */
export function bulletLines(block: string, html: boolean): string {
  return block
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => (html ? `<li>${l}</li>` : `- ${l}`))
    .join('\n');
}

/**
 * One private Handlebars instance per output format: our helpers never leak
 * into, or depend on, the global one, and `bullets` knows whether it writes HTML.
 */
function createEnvironment(html: boolean): typeof Handlebars {
  const env = Handlebars.create();
  // The block's values are already escaped (html parts) and its text is the approved wording, checked free of markup.
  env.registerHelper('bullets', function (this: unknown, options: Handlebars.HelperOptions) {
    return new env.SafeString(bulletLines(options.fn(this), html));
  });
  env.registerHelper('join', (list: unknown, options: Handlebars.HelperOptions) => {
    const limit = typeof options.hash?.limit === 'number' ? options.hash.limit : undefined;
    return Array.isArray(list) ? joinFrench(list as string[], limit) : '';
  });
  env.registerHelper('paragraphs', (text: unknown) => new env.SafeString(typeof text === 'string' ? paragraphsHtml(text) : ''));
  return env;
}

const htmlEnv = createEnvironment(true);
const textEnv = createEnvironment(false);
const envFor = (part: PartName) => (part === 'html' ? htmlEnv : textEnv);

export function compileOptions(part: PartName): CompileOptions {
  return {
    // Only HTML is a markup language here: an SMS showing "&amp;" would be a bug.
    noEscape: part !== 'html',
    knownHelpers: { join: true, paragraphs: true, bullets: true },
    knownHelpersOnly: true,
    preventIndent: true,
  };
}

/** Throws Handlebars' own error (with its line) when the source does not compile. */
export function precompileTemplate(source: string | hbs.AST.Program, part: PartName): void {
  envFor(part).precompile(source, compileOptions(part));
}

/** A source, or a parsed layout whose body follows a kind's `{{#*inline}}` partials. */
export function compileTemplate(source: string | hbs.AST.Program, part: PartName): TemplateRenderer {
  const fn = envFor(part).compile(source, compileOptions(part));
  return (values) => fn(values);
}
