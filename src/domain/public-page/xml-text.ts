/**
 * Text made safe for XML 1.0: the five markup characters escaped, and the
 * characters XML 1.0 forbids outright (most C0 controls, lone surrogates,
 * U+FFFE/U+FFFF) dropped. A bulletin pasted from a word processor can carry a
 * vertical tab or a form feed; one such byte makes the whole feed unreadable
 * to every CAP and Atom consumer.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function xmlSafe(text: string): string {
  return text.replace(FORBIDDEN, '');
}

/** For element content and attribute values alike. */
export function escapeXml(value: unknown): string {
  return xmlSafe(value === null || value === undefined ? '' : String(value)).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** `<name>text</name>`, or nothing when the text is empty: optional CAP and Atom elements are left out, not sent empty. */
export function element(name: string, text: string | null | undefined, attrs = ''): string {
  if (text === null || text === undefined || text === '') return '';
  return `<${name}${attrs}>${escapeXml(text)}</${name}>`;
}
