import { createTransport } from 'nodemailer';
import { EmailAdapter } from '../../src/modules/channels/email.adapter';
import { ReceivedMail, SmtpPeer } from '../peers/smtp-peer';
import { freePort } from '../support/processes';
import { outbound } from './outbound';

const FROM = 'Préfecture des Vosges <alerte@vosges.gouv.fr>';

function adapterFor(port: number, over: Partial<ConstructorParameters<typeof EmailAdapter>[0]> = {}) {
  return new EmailAdapter({ host: '127.0.0.1', port, secure: false, from: FROM, poolConnections: 3, ...over }, 2_000);
}

describe('email adapter against a real SMTP server', () => {
  let peer: SmtpPeer;
  let adapter: EmailAdapter;

  beforeEach(async () => {
    peer = await new SmtpPeer().start();
    adapter = adapterFor(peer.port);
  });
  afterEach(async () => {
    adapter.close();
    await peer.stop();
  });

  it('delivers subject, text, html and the reference header, and records the server reply as proof', async () => {
    const m = outbound({ to: 'maire@epinal.example.org', html: '<p>Crue</p>' });
    const outcome = await adapter.send(m);
    expect(outcome.kind).toBe('sent');
    const proof = (outcome as { proof: Record<string, string> }).proof;
    const mail = peer.received[0];
    expect(proof.response).toBe(`250 OK: queued as ${mail.queueId}`);
    expect(proof.messageId).toMatch(/^<.+@.+>$/);
    expect(mail.headers['message-id']).toBe(proof.messageId);
    expect(mail.envelope).toEqual({ from: 'alerte@vosges.gouv.fr', to: ['maire@epinal.example.org'] });
    expect(mail.to).toEqual(['maire@epinal.example.org']);
    expect(mail.subject).toBe(m.subject);
    expect(mail.text?.trim()).toBe(m.text);
    expect(mail.html).toContain('<p>Crue</p>');
    expect(mail.headers['x-crisis-reference']).toBe(m.reference);
    expect(mail.headers.from).toContain('alerte@vosges.gouv.fr');
  });

  it.each([
    ['a bare address', 'maire@epinal.example.org', 'maire@epinal.example.org'],
    ['an address with a name', 'Maire d’Épinal <maire@epinal.example.org>', '"Maire d’Épinal" <maire@epinal.example.org>'],
    ['an address with an upper-case domain', 'maire@EPINAL.example.org', 'maire@epinal.example.org'],
  ])('writes the sender with its name and the recipient given as %s, in the envelope and the headers', async (_what, to, header) => {
    expect((await adapter.send(outbound({ to }))).kind).toBe('sent');
    const mail = peer.received[0];
    expect(mail.envelope.from).toBe('alerte@vosges.gouv.fr');
    expect(mail.envelope.to.map((a) => a.toLowerCase())).toEqual(['maire@epinal.example.org']);
    expect(mail.headers.from).toBe('"Préfecture des Vosges" <alerte@vosges.gouv.fr>');
    expect(mail.headers.to.toLowerCase()).toBe(header.toLowerCase());
  });

  it.each([
    ['a bare address (written into the content’s template)', 'maire@epinal.example.org'],
    ['an address with a name (composed by nodemailer)', 'Maire d’Épinal <maire@epinal.example.org>'],
    ['an upper-case domain (composed by nodemailer, which lower-cases it)', 'maire@EPINAL.example.org'],
  ])('puts on the wire what nodemailer’s own sendMail composes, but for the values drawn at random and the date: %s', async (_what, to) => {
    const m = outbound({ to, subject: 'Crue de la Moselle – évacuation des quartiers bas de la ville', text: 'Évacuez.\n.Ligne commençant par un point', html: '<p>Évacuez</p>' });
    // Twice: the second message of a content is written from what the first one encoded.
    for (let i = 0; i < 2; i++) expect((await adapter.send(m)).kind).toBe('sent');
    const plain = createTransport({ host: '127.0.0.1', port: peer.port, secure: false });
    await plain.sendMail({ from: FROM, to: m.to, subject: m.subject, text: m.text, html: m.html, headers: { 'X-Crisis-Reference': m.reference } });
    plain.close();
    const [first, second, theirs] = peer.received;
    const drawn = (r: ReceivedMail) => {
      const raw = r.raw ?? '';
      const boundary = /boundary="([^"]+)"/.exec(raw)![1];
      return raw
        .split(boundary)
        .join('BOUNDARY')
        .replace(/^Message-ID: .*$/m, 'Message-ID: ID')
        .replace(/^Date: .*$/m, 'Date: DATE');
    };
    // A line that starts with a dot arrives whole (the client doubled it, the server undid it).
    expect(first.raw).toMatch(/^\.Ligne commen=C3=A7ant par un point$/m);
    expect(drawn(first)).toBe(drawn(theirs));
    expect(drawn(second)).toBe(drawn(theirs));
    expect(first.envelope).toEqual(theirs.envelope);
    // Each message its own id and a date of its own, in nodemailer's forms.
    expect(first.headers['message-id']).not.toBe(second.headers['message-id']);
    for (const r of [first, second]) {
      expect(r.headers['message-id']).toMatch(/^<[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@vosges\.gouv\.fr>$/);
      expect(Math.abs(new Date(r.headers.date).getTime() - Date.now())).toBeLessThan(60_000);
    }
  });

  it('sends many at once through the pool, each with its own message id', async () => {
    const outcomes = await Promise.all(Array.from({ length: 60 }, (_, i) => adapter.send(outbound({ to: `elu${i}@example.org` }))));
    expect(outcomes.every((o) => o.kind === 'sent')).toBe(true);
    expect(new Set(outcomes.map((o) => (o as { proof: Record<string, string> }).proof.messageId)).size).toBe(60);
    expect(peer.received.map((r) => r.to[0]).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `elu${i}@example.org`).sort());
  });

  it.each([
    ['a 4xx for the recipient is temporary', 450, 'temporary', /^SMTP 450 /],
    ['a 5xx for the recipient is permanent', 550, 'permanent', /^SMTP 550 .*Recipient address rejected/],
  ])('%s', async (_why, code, kind, reason) => {
    peer.rejectRecipients.set('busy@example.org', code);
    const outcome = await adapter.send(outbound({ to: 'busy@example.org' }));
    expect(outcome).toEqual({ kind, reason: expect.stringMatching(reason), failure: { via: 'smtp', code, enhanced: expect.stringMatching(/^[45]\.[12]\./), command: 'RCPT TO' } });
    expect(peer.accepted).toBe(0);
    // The pool is still usable for the next recipient.
    expect((await adapter.send(outbound({ to: 'ok@example.org' }))).kind).toBe('sent');
  });

  it.each([
    ['a 4xx after DATA is temporary', 451, 'temporary'],
    ['a 5xx after DATA is permanent', 554, 'permanent'],
  ])('%s', async (_why, code, kind) => {
    peer.failNext(code);
    const outcome = await adapter.send(outbound({ to: 'elu@example.org' }));
    expect(outcome).toEqual({ kind, reason: expect.stringContaining(`SMTP ${code}`), failure: expect.objectContaining({ via: 'smtp', code }) });
    expect(peer.accepted).toBe(0);
  });

  it('sends a bulletin body encoded once to many recipients: each message whole, with its own recipient, reference and message id', async () => {
    // Long lines and accents: the quoted-printable soft breaks and escapes are where a reused part could go wrong.
    const text = `Mesdames et Messieurs les élus,\n\n${'La Moselle a dépassé la cote d’alerte à Épinal. '.repeat(12)}\n.\nFin du message.`;
    const html = `<p>Mesdames et Messieurs les élus,</p>\n<p>${'La Moselle a dépassé la cote d’alerte à Épinal. '.repeat(12)}</p>`;
    const other = { text: 'Levée de la vigilance à Épinal.', html: '<p>Levée de la vigilance à Épinal.</p>' };
    // Two contents interleaved, as two audiences of one dispatch are: no recipient gets the other's body.
    const sent = Array.from({ length: 12 }, (_, i) => (i % 3 === 2 ? outbound({ to: `autre${i}@example.org`, ...other }) : outbound({ to: `elu${i}@example.org`, text, html })));
    const outcomes = await Promise.all(sent.map((m) => adapter.send(m)));
    expect(outcomes.every((o) => o.kind === 'sent')).toBe(true);
    expect(new Set(outcomes.map((o) => (o as { proof: Record<string, string> }).proof.messageId)).size).toBe(sent.length);
    for (const m of sent) {
      const mail = peer.received.find((r) => r.to[0] === m.to)!;
      expect(mail.headers['x-crisis-reference']).toBe(m.reference);
      expect(mail.subject).toBe(m.subject);
      expect(mail.text?.trim()).toBe(m.text);
      expect(mail.html?.trim()).toBe(m.html);
      expect(mail.headers['content-type']).toMatch(/^multipart\/alternative/);
    }
  });

  it('sends a message without HTML as plain text', async () => {
    const m = outbound({ to: 'maire@epinal.example.org' });
    expect((await adapter.send(m)).kind).toBe('sent');
    expect(peer.received[0].text?.trim()).toBe(m.text);
    expect(peer.received[0].html).toBeUndefined();
    expect(peer.received[0].headers['content-type']).toMatch(/^text\/plain/);
  });

  it('is permanent without an address, and the server sees nothing', async () => {
    expect(await adapter.send(outbound({ to: undefined }))).toEqual({ kind: 'permanent', reason: 'no email address for this recipient', failure: { via: 'recipient-invalid' } });
    expect(peer.accepted).toBe(0);
  });

  it('calls the counter after each accepted message', async () => {
    const counts: number[] = [];
    peer.onAccepted = (n) => counts.push(n);
    for (let i = 0; i < 3; i++) await adapter.send(outbound({ to: `c${i}@example.org` }));
    expect(counts).toEqual([1, 2, 3]);
  });
});

describe('email adapter: connection and login failures', () => {
  it('is temporary when the server cannot be reached', async () => {
    const adapter = adapterFor(await freePort());
    try {
      const outcome = await adapter.send(outbound({ to: 'elu@example.org' }));
      expect(outcome).toEqual({ kind: 'temporary', reason: expect.stringContaining('SMTP connection'), failure: { via: 'connection', failure: 'refused' } });
    } finally {
      adapter.close();
    }
  });

  it('logs in with the credentials from SMTP_URL; a refused login is temporary and does not show the password', async () => {
    const peer = await new SmtpPeer({ auth: { user: 'relay', pass: 'relay-pass-123' } }).start();
    const good = adapterFor(peer.port, { auth: { user: 'relay', pass: 'relay-pass-123' } });
    const bad = adapterFor(peer.port, { auth: { user: 'relay', pass: 'wrong-pass-456' } });
    try {
      expect((await good.send(outbound({ to: 'elu@example.org' }))).kind).toBe('sent');
      const outcome = await bad.send(outbound({ to: 'elu@example.org' }));
      expect(outcome).toEqual({ kind: 'temporary', reason: expect.stringContaining('SMTP authentication refused'), failure: { via: 'smtp-auth' } });
      expect(JSON.stringify(outcome)).not.toContain('wrong-pass-456');
      expect(peer.accepted).toBe(1);
      expect(peer.authFailures).toEqual(['relay']);
    } finally {
      good.close();
      bad.close();
      await peer.stop();
    }
  });
});
