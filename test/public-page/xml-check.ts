import type { Page } from 'playwright-core';

export interface ParsedXml {
  /** The parser's complaint, or null when the document is well-formed. */
  error: string | null;
  rootName: string | null;
  rootNamespace: string | null;
  /** Text of every element with that local name in `ns`, in document order. */
  texts(name: string): string[];
  /** `attr` of every element with that local name in `ns`. */
  attrs(name: string, attr: string): string[];
}

/**
 * Parses XML with Chromium's own DOMParser: a real XML 1.0 parser, namespace
 * aware, that refuses a document that is not well-formed (no XML library is
 * installed for the tests).
 */
export async function parseXml(page: Page, xml: string, ns: string): Promise<ParsedXml> {
  const result = await page.evaluate(
    ({ xml, ns }) => {
      // Runs in the browser; the tests are compiled without the DOM's types.
      type El = { localName: string; namespaceURI: string | null; textContent: string | null; attributes: ArrayLike<{ name: string; value: string }> };
      type Doc = { documentElement: El; getElementsByTagName(n: string): ArrayLike<El>; getElementsByTagNameNS(ns: string, n: string): ArrayLike<El> };
      const Parser = (globalThis as unknown as { DOMParser: new () => { parseFromString(s: string, type: string): Doc } }).DOMParser;
      const doc = new Parser().parseFromString(xml, 'application/xml');
      const err = doc.getElementsByTagName('parsererror')[0];
      if (err) return { error: err.textContent ?? 'parsererror', rootName: null, rootNamespace: null, elements: [] as { name: string; text: string; attrs: Record<string, string> }[] };
      const elements = Array.from(doc.getElementsByTagNameNS(ns, '*')).map((e) => ({
        name: e.localName,
        text: e.textContent ?? '',
        attrs: Object.fromEntries(Array.from(e.attributes).map((a) => [a.name, a.value])),
      }));
      return { error: null, rootName: doc.documentElement.localName, rootNamespace: doc.documentElement.namespaceURI, elements };
    },
    { xml, ns },
  );
  return {
    error: result.error,
    rootName: result.rootName,
    rootNamespace: result.rootNamespace,
    texts: (name) => result.elements.filter((e) => e.name === name).map((e) => e.text),
    attrs: (name, attr) => result.elements.filter((e) => e.name === name).map((e) => e.attrs[attr]),
  };
}
