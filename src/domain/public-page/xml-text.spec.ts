import { element, escapeXml, xmlSafe } from './xml-text';

describe('XML text', () => {
  it.each([
    ['Feu & fumée', 'Feu &amp; fumée'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [`l'"école"`, 'l&apos;&quot;école&quot;'],
    ['tab\tand\nnewline\rkept', 'tab\tand\nnewline\rkept'],
    ['vertical\u000Btab, form\u000Cfeed, nul\u0000, bell\u0007 dropped', 'verticaltab, formfeed, nul, bell dropped'],
    ['lone \uD800 surrogate', 'lone  surrogate'],
    ['emoji 🔥 kept', 'emoji 🔥 kept'],
    ['\uFFFE\uFFFF', ''],
    [null, ''],
    [42, '42'],
  ])('escapeXml(%p) → %p', (input, out) => {
    expect(escapeXml(input)).toBe(out);
  });

  it('drops only what XML 1.0 forbids', () => {
    expect(xmlSafe('a\u0001b\u001Fc\u0085d')).toBe('abc\u0085d');
  });

  it.each([
    ['x', 'a & b', '', '<x>a &amp; b</x>'],
    ['x', '', '', ''],
    ['x', null, '', ''],
    ['content', 't', ' type="text"', '<content type="text">t</content>'],
  ])('element(%s, %p)', (name, text, attrs, out) => {
    expect(element(name, text, attrs)).toBe(out);
  });
});
