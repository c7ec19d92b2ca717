import { createTransport, type Transporter } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { ChannelsConfig } from '../../config/channels-config';
import type { CredentialVerdict } from '../../domain/channels/credential-check.policy';
import type { FailureFacts } from '../../domain/channels/provider-fallback.policy';
import type { ChannelAdapter, ChannelStatus, OutboundMessage, SendOutcome } from './channel-adapter.types';
import { clip } from './channel-http';
import { EmailMessageTemplate } from './email-message.factory';

type EmailConfig = NonNullable<ChannelsConfig['email']>;

/**
 * One content (subject, text, HTML) ready to send: its text and HTML parts MIME-encoded (each with its own part
 * headers) as nodemailer would write them, and its message template (null when one could not be made).
 */
interface EncodedContent {
  text: Buffer;
  html: Buffer;
  template: EmailMessageTemplate | null;
}

/** Contents kept encoded: a dispatch sends a few at a time (one per audience), each to thousands. */
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
 * Email through one pooled SMTP transport. Every recipient of a bulletin gets
 * the same subject, text and HTML: their parts are MIME-encoded once per
 * content, and so is the whole message but for its recipient, reference,
 * message id and date (EmailMessageTemplate), written in per message and
 * handed to nodemailer as one buffer with its envelope. Composing each message
 * (a MIME tree, a stream per part, a write to the socket per part) was most of
 * the CPU an email cost the app (`node dist/scripts/bench.js --only=dispatch`,
 * and the README's "Figures of 2026-12-07"). A recipient or a reference that
 * nodemailer would rewrite (a name, upper case, an international domain) is
 * composed by nodemailer as before, from the same encoded parts.
 */
export class EmailAdapter implements ChannelAdapter {
  readonly channel = 'email' as const;
  private readonly transport: Transporter<SMTPPool.SentMessageInfo>;
  /** Encoded contents by subject, text and HTML. */
  private readonly encoded = new Map<string, Promise<EncodedContent>>();
  /** The content of the last send: the worker sends one content to thousands in a row, found without building a key. */
  private last?: { subject: string; text: string; html: string; content: Promise<EncodedContent> };
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
      const subject = m.subject ?? '';
      const content = m.text && m.html ? await this.encodedContent(subject, m.text, m.html) : undefined;
      const info = await this.transport.sendMail(
        content?.template && EmailMessageTemplate.fits(m.to, m.reference)
          ? content.template.fill(m.to, m.reference, new Date())
          : {
              from: this.from,
              // Each recipient is one bare address (validated at import); anything else is parsed by nodemailer as before.
              to: BARE_ADDRESS.test(m.to) ? { name: '', address: m.to } : m.to,
              subject,
              // A message of one part stays nodemailer's own: a raw part there would stand for the whole message.
              text: content ? { raw: content.text } : m.text,
              html: content ? { raw: content.html } : m.html,
              headers: { 'X-Crisis-Reference': m.reference },
            },
      );
      if (info.rejected?.length) return { kind: 'permanent', reason: `recipient refused by the SMTP server: ${clip(String(info.response ?? ''))}`, failure: { via: 'recipient-invalid' } };
      return { kind: 'sent', proof: { messageId: info.messageId, response: info.response } };
    } catch (e) {
      return smtpFailure(e);
    }
  }

  /** A content's parts and template, made once by nodemailer's own composer, then reused. */
  private encodedContent(subject: string, text: string, html: string): Promise<EncodedContent> {
    const last = this.last;
    if (last && last.subject === subject && last.text === text && last.html === html) return last.content;
    const key = `${subject}\u0000${text}\u0000${html}`;
    let content = this.encoded.get(key);
    if (!content) {
      if (this.encoded.size >= ENCODED_CONTENTS) this.encoded.clear();
      content = this.encode(subject, text, html);
      this.encoded.set(key, content);
      // A failed encoding is not kept: the next send of this content tries again.
      content.catch(() => {
        if (this.encoded.get(key) === content) this.encoded.delete(key);
        if (this.last?.content === content) this.last = undefined;
      });
    }
    this.last = { subject, text, html, content };
    return content;
  }

  private async encode(subject: string, text: string, html: string): Promise<EncodedContent> {
    const files = { disableFileAccess: true, disableUrlAccess: true };
    // The same alternatives sendMail composes from `text` and `html`, each part built alone (its own headers, no message headers).
    const [textPart, htmlPart] = new MailComposer({ text, html, ...files }).compile().childNodes;
    // A part built alone ends with a line break that its parent writes again before the boundary: one blank line
    // too many at the end of each part, which the reader saw as a trailing newline of the text.
    const [t, h] = (await Promise.all([textPart.build(), htmlPart.build()])).map(withoutFinalBreak);
    const template = await EmailMessageTemplate.of({ from: this.from, subject, text: { raw: t }, html: { raw: h }, ...files });
    return { text: t, html: h, template };
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
