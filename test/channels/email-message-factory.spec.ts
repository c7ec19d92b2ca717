import { EmailMessageTemplate } from '../../src/modules/channels/email-message.factory';

const FROM = { name: 'Préfecture des Vosges', address: 'alerte@vosges.gouv.fr' };

describe('the message template of a content', () => {
  it.each([
    // why, recipient, reference, written into the template
    ['a bare lower-case address', 'maire@epinal.example.org', 'dlv-1', true],
    ['a local part with the specials a dot-atom allows', "o'neil+crue$&=x@epinal.example.org", 'dlv-1', true],
    ['an upper-case domain (nodemailer lower-cases it)', 'maire@EPINAL.example.org', 'dlv-1', false],
    ['an international domain (nodemailer punycodes it)', 'maire@épinal.fr', 'dlv-1', false],
    ['a name with the address', 'Maire <maire@epinal.example.org>', 'dlv-1', false],
    ['a quoted local part', '"maire epinal"@epinal.example.org', 'dlv-1', false],
    ['two dots in a row', 'maire..epinal@epinal.example.org', 'dlv-1', false],
    ['a domain without a dot', 'maire@localhost', 'dlv-1', false],
    ['an address too long for one header line', `${'m'.repeat(60)}@epinal.example.org`, 'dlv-1', false],
    ['a reference with a space', 'maire@epinal.example.org', 'dlv 1', false],
    ['a reference of a uuid', 'maire@epinal.example.org', '3f1c2b9e-8a4d-4c1e-9f7a-1b2c3d4e5f60', true],
  ])('%s', (_why, to, reference, fits) => {
    expect(EmailMessageTemplate.fits(to, reference)).toBe(fits);
  });

  it('writes each recipient’s values in as they are, `$` included, and nothing else of the message changes', async () => {
    const template = (await EmailMessageTemplate.of({ from: FROM, subject: 'Crue – évacuation', text: 'Évacuez.', html: '<p>Évacuez</p>' }))!;
    const to = "o'neil+crue$&=x@epinal.example.org";
    const now = new Date('2026-12-07T01:02:03Z');
    const a = template.fill(to, 'dlv-1', now);
    const b = template.fill('maire@epinal.example.org', 'dlv-2', now);
    expect(a.envelope).toEqual({ from: 'alerte@vosges.gouv.fr', to: [to] });
    const raw = a.raw.toString('utf8');
    expect(raw).toContain(`\r\nTo: ${to}\r\n`);
    expect(raw).toContain('X-Crisis-Reference: dlv-1\r\n');
    expect(raw).toContain(`\r\nMessage-ID: ${a.messageId}\r\n`);
    expect(raw).toContain('\r\nDate: Mon, 07 Dec 2026 01:02:03 +0000\r\n');
    expect(raw).not.toMatch(/placeholder/);
    expect(a.messageId).not.toBe(b.messageId);
    const same = (s: string) => s.replace(/^(To|X-Crisis-Reference|Message-ID): .*$/gm, '$1: …');
    expect(same(raw)).toBe(same(b.raw.toString('utf8')));
  });
});
