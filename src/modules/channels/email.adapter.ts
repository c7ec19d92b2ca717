import { createTransport, type Transporter } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { ChannelsConfig } from '../../config/channels-config';
import type { CredentialVerdict } from '../../domain/channels/credential-check.policy';
import type { FailureFacts } from '../../domain/channels/provider-fallback.policy';
import type { ChannelAdapter, ChannelStatus, OutboundMessage, SendOutcome } from './channel-adapter.types';
import { clip } from './channel-http';

type EmailConfig = NonNullable<ChannelsConfig['email']>;

/** The text and HTML parts of one content, MIME-encoded (each with its own part headers), as nodemailer would write them. */
interface EncodedParts {
  text: Buffer;
  html: Buffer;
}

/** Contents whose parts are kept encoded: a dispatch sends a few at a time (one per audience), each to thousands. */
const ENCODED_CONTENTS = 32;

/** A bare address (no name, no list, no comment): what a contact's email is once validated. */
const BARE_ADDRESS = /^[^\s"(),:;<>@[\\\]]+@[^\s"(),:;<>@[\\\]]+$/;

type Address = addressparser.Address;

const withoutFinalBreak = (b: Buffer) => (b.length >= 2 && b[b.length - 2] === 0x0d && b[b.length - 1] === 0x0a ? b.subarray(0, b.length - 2) : b);

/**
 * An address as nodemailer takes it already parsed: given a string, it runs its
 * address parser on it three times per message (envelope, header, pool), about
 * an eighth of what the national dispatch allocated (its sampling heap profile).
 * Only a bare address or a single one is handed over parsed; anything else stays
 * a string, for nodemailer to read as before.
 */
function parsedAddress(value: string): Address | string {
  if (BARE_ADDRESS.test(value)) return { name: '', address: value };
  const parsed = addressparser(value, { flatten: true });
  return parsed.length === 1 && parsed[0].address ? parsed[0] : value;
}

/**
 * Email through one pooled SMTP transport. `send` is the sendMail call and
 * nothing else, but for the body: every recipient of a bulletin gets the same
 * text and HTML, so their parts are MIME-encoded (quoted-printable, line
 * folding) once per content and handed to nodemailer as raw parts; the
 * envelope and the headers (From, To, Subject, Message-ID, Date, the
 * reference) are still nodemailer's, per message. Encoding the body per
 * recipient was a third of the CPU the app spent per email (the profile of
 * `BENCH_PROFILE=email npm run bench:profile`), the CPU the sends are bound by.
 */
export class EmailAdapter implements ChannelAdapter {
  readonly channel = 'email' as const;
  private readonly transport: Transporter<SMTPPool.SentMessageInfo>;
  /** Encoded parts by text, then HTML: the worker passes the same strings for every recipient of a content. */
  private readonly encoded = new Map<string, Map<string, Promise<EncodedParts>>>();
  /** SMTP_FROM, parsed once. */
  private readonly from: Address | string;

  constructor(
    private readonly config: EmailConfig,
    timeoutMs: number,
  ) {
    this.from = parsedAddress(config.from);
    this.transport = createTransport({
      pool: true,
      maxConnections: config.poolConnections,
      host: config.host,
      port: config.port,
      secure: config.secure,
      auth: config.auth,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      // Messages are our own rendered text: nothing in them may make the server read a file or a URL.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  status(): ChannelStatus {
    return { channel: 'email', mode: 'live', target: `${this.config.host}:${this.config.port}` };
  }

  async send(m: OutboundMessage): Promise<SendOutcome> {
    if (!m.to) return { kind: 'permanent', reason: 'no email address for this recipient', failure: { via: 'recipient-invalid' } };
    try {
      const parts = m.text && m.html ? await this.encodedParts(m.text, m.html) : undefined;
      // The message nodemailer's sendMail would compose, built here into one buffer: streamed from the MIME tree,
      // each of its parts went to the socket as a write of its own (six per email, plus the final dot).
      const message = new MailComposer({
        from: this.from,
        // Each recipient is one bare address (validated at import); anything else is parsed by nodemailer as before.
        to: BARE_ADDRESS.test(m.to) ? { name: '', address: m.to } : m.to,
        subject: m.subject ?? '',
        // A message of one part stays nodemailer's own: a raw part there would stand for the whole message.
        text: parts ? { raw: parts.text } : m.text,
        html: parts ? { raw: parts.html } : m.html,
        headers: { 'X-Crisis-Reference': m.reference },
        disableFileAccess: true,
        disableUrlAccess: true,
      }).compile();
      const info = await this.transport.sendMail({ envelope: message.getEnvelope(), raw: await message.build(), messageId: message.messageId() });
      if (info.rejected?.length) return { kind: 'permanent', reason: `recipient refused by the SMTP server: ${clip(String(info.response ?? ''))}`, failure: { via: 'recipient-invalid' } };
      return { kind: 'sent', proof: { messageId: info.messageId, response: info.response } };
    } catch (e) {
      return smtpFailure(e);
    }
  }

  /** The parts of a text and HTML body, encoded by nodemailer's own composer once, then reused. */
  private encodedParts(text: string, html: string): Promise<EncodedParts> {
    let byHtml = this.encoded.get(text);
    const known = byHtml?.get(html);
    if (known) return known;
    if (this.encoded.size >= ENCODED_CONTENTS) this.encoded.clear();
    if (!byHtml) this.encoded.set(text, (byHtml = new Map()));
    // The same alternatives sendMail composes from `text` and `html`, each part built alone (its own headers, no message headers).
    const [textPart, htmlPart] = new MailComposer({ text, html, disableFileAccess: true, disableUrlAccess: true }).compile().childNodes;
    // A part built alone ends with a line break that its parent writes again before the boundary: one blank line
    // too many at the end of each part, which the reader saw as a trailing newline of the text.
    const parts = Promise.all([textPart.build(), htmlPart.build()]).then(([t, h]) => ({ text: withoutFinalBreak(t), html: withoutFinalBreak(h) }));
    byHtml.set(html, parts);
    // A failed encoding is not kept: the next send of this content tries again.
    parts.catch(() => byHtml.delete(html));
    return parts;
  }

  /** Connection and AUTH on a connection of its own (nodemailer's verify): no MAIL FROM, nothing sent. */
  async checkCredentials(): Promise<CredentialVerdict> {
    try {
      await this.transport.verify();
      return this.config.auth ? { status: 'ok' } : { status: 'ok', reason: 'no login configured: the connection was checked' };
    } catch (e) {
      const err = (e ?? {}) as SmtpError;
      const said = clip(err.response ?? err.message ?? String(e), 200);
      if (err.code === 'EAUTH' || err.code === 'ENOAUTH' || err.responseCode === 535) return { status: 'refused', reason: `SMTP authentication refused (check SMTP_URL): ${said}` };
      return { status: 'unreachable', reason: `SMTP connection: ${said}` };
    }
  }

  close(): void {
    this.transport.close();
  }
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

/** What the relay said, as the fallback policy reads it: the code, the RFC 3463 status and the command it answered. */
function smtpFacts(err: SmtpError, said: string): FailureFacts {
  if (err.code === 'EAUTH' || err.code === 'ENOAUTH') return { via: 'smtp-auth' };
  if (err.responseCode) return { via: 'smtp', code: err.responseCode, enhanced: /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(said)?.[1], command: err.command };
  if (err.code === 'EENVELOPE' || err.code === 'EMESSAGE') return { via: 'recipient-invalid' };
  if (err.code === 'ETIMEDOUT' || /timeout/i.test(said)) return { via: 'connection', failure: 'timeout' };
  return { via: 'connection', failure: /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN/.test(said) ? 'refused' : 'broken' };
}

/** nodemailer's error shapes → outcome. */
function smtpFailure(e: unknown): SendOutcome {
  const err = (e ?? {}) as SmtpError;
  const said = clip(err.response ?? err.message ?? String(e));
  const failure = smtpFacts(err, said);
  // A refused login is the relay's configuration, not this message: once fixed, every queued email should still go.
  if (failure.via === 'smtp-auth') return { kind: 'temporary', reason: `SMTP authentication refused (check SMTP_URL): ${said}`, failure };
  if (err.responseCode && err.responseCode >= 500) return { kind: 'permanent', reason: `SMTP ${said}`, failure };
  if (err.responseCode && err.responseCode >= 400) return { kind: 'temporary', reason: `SMTP ${said}`, failure };
  // Our side refused to build the envelope (an address nodemailer cannot parse): retrying changes nothing.
  if (failure.via === 'recipient-invalid') return { kind: 'permanent', reason: `invalid message or address: ${said}`, failure };
  return { kind: 'temporary', reason: `SMTP connection: ${said}`, failure };
}
