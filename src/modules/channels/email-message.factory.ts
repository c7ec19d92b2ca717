import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';

/** Values nodemailer writes as they are (no encoding, no folding) in the template's header lines. */
const RECIPIENT = 'recipient@placeholder.invalid';
const REFERENCE = 'reference-placeholder';
const MESSAGE_ID = '<message-id@placeholder.invalid>';
const EPOCH = new Date(0);
/** nodemailer's Date header: `new Date().toUTCString()` with +0000 for GMT. */
const dateHeader = (d: Date) => d.toUTCString().replace(/GMT/, '+0000');

/**
 * An address nodemailer writes unchanged in the envelope and the To header: a
 * dot-atom local part, a lower-case ASCII domain (nodemailer lower-cases and
 * punycodes domains), short enough that its header line is never folded.
 */
const PLAIN_ADDRESS = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(?:\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/;
const PLAIN_REFERENCE = /^[A-Za-z0-9._:-]{1,60}$/;

/** What sendMail is given for a message written from a template: the envelope and the whole message. */
export interface FilledMessage {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  messageId: string;
}

/**
 * One content's message as nodemailer composes it (the same composer, the same
 * options), with its recipient, reference, message id and date left as
 * placeholders: the rest of the header (From, Subject, MIME structure) and the
 * body are the same for every recipient of a bulletin. Each message is then
 * written by putting its own values in: no MIME tree, no stream per message
 * (composing each message was most of the CPU an email cost the app, and its
 * six writes to the socket most of what it cost the relay).
 */
export class EmailMessageTemplate {
  private constructor(
    private readonly head: string,
    private readonly body: Buffer,
    private readonly sender: string,
    private readonly domain: string,
  ) {}

  /** The template of a content, or null when the composer's output does not hold each placeholder once in its header. */
  static async of(mail: Omit<Mail.Options, 'to' | 'headers' | 'messageId' | 'date'>): Promise<EmailMessageTemplate | null> {
    const node = new MailComposer({ ...mail, to: RECIPIENT, headers: { 'X-Crisis-Reference': REFERENCE }, messageId: MESSAGE_ID, date: EPOCH }).compile();
    const sender = node.getEnvelope().from;
    const built = await node.build();
    const end = built.indexOf('\r\n\r\n');
    if (!sender || end < 0) return null;
    const head = built.subarray(0, end).toString('latin1');
    const once = (s: string) => head.indexOf(s) >= 0 && head.indexOf(s) === head.lastIndexOf(s);
    if (![RECIPIENT, REFERENCE, MESSAGE_ID, dateHeader(EPOCH)].every(once)) return null;
    return new EmailMessageTemplate(head, built.subarray(end), sender, sender.split('@').pop()!);
  }

  /** Whether a recipient and a reference can be written in as they are; otherwise the message is composed whole. */
  static fits(to: string, reference: string): boolean {
    return PLAIN_ADDRESS.test(to) && to.length <= 72 && PLAIN_REFERENCE.test(reference);
  }

  /** The message to one recipient (fits(to, reference) must hold); `now` is its Date. */
  fill(to: string, reference: string, now: Date): FilledMessage {
    // The same shape as nodemailer's own ids (8-4-4-4-12 hex), at the sender's domain.
    const messageId = `<${randomUUID()}@${this.domain}>`;
    // Functions, not strings, as replacements: a `$` in an address is a character, not a pattern.
    const head = this.head
      .replace(RECIPIENT, () => to)
      .replace(REFERENCE, () => reference)
      .replace(MESSAGE_ID, () => messageId)
      .replace(dateHeader(EPOCH), () => dateHeader(now));
    return { envelope: { from: this.sender, to: [to] }, raw: Buffer.concat([Buffer.from(head, 'latin1'), this.body]), messageId };
  }
}
