import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  /** SMTP envelope: what the client said in MAIL FROM and RCPT TO. */
  envelope: { from: string; to: string[] };
  /** Parsed (absent when the peer was started with `parse: false`). */
  to: string[];
  subject?: string;
  text?: string;
  html?: string;
  /** Lower-case header names; structured values flattened to their text. */
  headers: Record<string, string>;
  /** The queue id this server answered with (in the 250 line). */
  queueId: string;
  /** The message as it came after DATA, dot-stuffing undone (kept when parsed). */
  raw?: string;
}

export interface SmtpPeerOptions {
  /** Parse every message with mailparser (default true). The bench turns it off to measure the client. */
  parse?: boolean;
  /** Require this login (AUTH PLAIN/LOGIN without TLS, loopback only). */
  auth?: { user: string; pass: string };
  /** How long stop() lets open sessions finish before closing them (smtp-server's default is 30 s): a relay that goes down at once. */
  closeTimeoutMs?: number;
}

function smtpError(code: number, text: string): Error & { responseCode: number } {
  return Object.assign(new Error(text), { responseCode: code });
}

/**
 * An SMTP server on 127.0.0.1 (smtp-server) that keeps what it accepted, and
 * refuses on demand: per recipient at RCPT TO, or the next N messages at DATA.
 */
export class SmtpPeer {
  url = '';
  port = 0;
  readonly received: ReceivedMail[] = [];
  /** Messages accepted so far (also counted when parse is off). */
  accepted = 0;
  /** Recipient address (lower case) → SMTP code answered at RCPT TO, e.g. 450 or 550. */
  readonly rejectRecipients = new Map<string, number>();
  /** Each message is answered this long after its DATA ends (a slow or hanging relay); 0 answers at once. */
  answerDelayMs = 0;
  /** Called after each accepted message with the running count: a test can act after N messages. */
  onAccepted?: (count: number, mail: ReceivedMail) => void;
  readonly authFailures: string[] = [];
  /**
   * Where this relay forwards the bounces it receives (its bounce webhook), each DSN (RFC 3464) as
   * message/rfc822 signed with X-Bounce-Signature: sha256=HMAC(secret, body). Undefined: no bounces.
   */
  bounces?: { url: string; secret: string };
  /** Recipients accepted with 250 whose mailbox later refuses the message: the DSN's Action, Status and diagnostic. */
  readonly bounceRecipients = new Map<string, { action: string; status: string; diagnostic: string }>();
  /** Each bounce forwarded and what the product answered. */
  readonly bouncesSent: { to: string; answer: number; body: string }[] = [];
  /** Connection-level errors (e.g. ECONNRESET from a killed client), kept rather than thrown. */
  readonly connectionErrors: string[] = [];
  private server?: SMTPServer;
  private failData: number[] = [];
  private refusing?: { code: number; until: number };
  private queueSeq = 0;

  constructor(private readonly options: SmtpPeerOptions = {}) {}

  /** Every message is refused at the end of DATA with `code` for the next `ms` milliseconds (a relay down for a while). */
  refuseFor(code: number, ms: number): void {
    this.refusing = { code, until: Date.now() + ms };
  }

  /** Messages refused by refuseFor, per recipient address: what the relay saw of the retries. */
  readonly refusedFor = new Map<string, number>();

  /** The next `times` messages are refused at the end of DATA with `code` (4xx or 5xx). */
  failNext(code: number, times = 1): void {
    for (let i = 0; i < times; i++) this.failData.push(code);
  }

  async start(): Promise<this> {
    const parse = this.options.parse ?? true;
    const auth = this.options.auth;
    this.server = new SMTPServer({
      secure: false,
      disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !auth,
      allowInsecureAuth: true,
      size: 10 * 1024 * 1024,
      maxClients: 200,
      logger: false,
      ...(this.options.closeTimeoutMs ? { closeTimeout: this.options.closeTimeoutMs } : {}),
      onAuth: (a, _session, callback) => {
        if (auth && a.username === auth.user && a.password === auth.pass) return callback(null, { user: a.username });
        this.authFailures.push(a.username ?? '');
        callback(smtpError(535, '5.7.8 Authentication credentials invalid'));
      },
      onRcptTo: (address, _session, callback) => {
        const code = this.rejectRecipients.get(address.address.toLowerCase());
        if (code) return callback(smtpError(code, code >= 500 ? `5.1.1 <${address.address}>: Recipient address rejected` : `4.2.1 <${address.address}>: Mailbox busy, try again later`));
        callback();
      },
      onData: (stream, session, callback) => this.onData(stream, session, parse, callback),
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', () => resolve());
    });
    // A client killed mid-session (the worker-crash test) resets its connection: a real server logs it and goes on.
    this.server.on('error', (e: NodeJS.ErrnoException) => this.connectionErrors.push(e.code ?? e.message));
    this.port = (this.server.server.address() as AddressInfo).port;
    this.url = `smtp://127.0.0.1:${this.port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /** What a relay sends back when the remote mailbox refuses an accepted message: a DSN returning the headers. */
  static dsn(mail: Pick<ReceivedMail, 'envelope' | 'headers' | 'queueId'>, b: { action: string; status: string; diagnostic: string }): string {
    const boundary = `${mail.queueId}.relais/test`;
    return [
      'From: MAILER-DAEMON@relais.test (Mail Delivery System)',
      `To: ${mail.envelope.from}`,
      'Subject: Undelivered Mail Returned to Sender',
      'MIME-Version: 1.0',
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Votre message n’a pas pu être remis.',
      '',
      `--${boundary}`,
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; relais.test',
      `X-Postfix-Queue-ID: ${mail.queueId}`,
      '',
      `Final-Recipient: rfc822; ${mail.envelope.to[0]}`,
      `Action: ${b.action}`,
      `Status: ${b.status}`,
      `Diagnostic-Code: smtp; ${b.diagnostic}`,
      '',
      `--${boundary}`,
      'Content-Type: text/rfc822-headers',
      '',
      `To: ${mail.envelope.to[0]}`,
      ...(mail.headers['x-crisis-reference'] ? [`X-Crisis-Reference: ${mail.headers['x-crisis-reference']}`] : []),
      `Subject: ${mail.headers.subject ?? ''}`,
      '',
      `--${boundary}--`,
      '',
    ].join('\r\n');
  }

  private async forwardBounce(mail: ReceivedMail, b: { action: string; status: string; diagnostic: string }): Promise<void> {
    if (!this.bounces) return;
    const body = SmtpPeer.dsn(mail, b);
    const signature = `sha256=${createHmac('sha256', this.bounces.secret).update(body).digest('hex')}`;
    try {
      const res = await fetch(this.bounces.url, { method: 'POST', body, headers: { 'Content-Type': 'message/rfc822', 'X-Bounce-Signature': signature } });
      this.bouncesSent.push({ to: mail.envelope.to[0], answer: res.status, body: await res.text() });
    } catch (e) {
      this.bouncesSent.push({ to: mail.envelope.to[0], answer: 0, body: String(e) });
    }
  }

  /** SMTP sessions currently open (a client's pool that was closed leaves none). */
  openConnections(): number {
    return this.server ? this.server.connections.size : 0;
  }

  private onData(stream: SMTPServerDataStream, session: SMTPServerSession, parse: boolean, callback: (err?: Error | null, message?: string) => void): void {
    const envelope = {
      from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      to: session.envelope.rcptTo.map((r) => r.address),
    };
    const finish = (mail: Omit<ReceivedMail, 'queueId' | 'envelope'>) => {
      if (this.answerDelayMs > 0) setTimeout(() => answer(mail), this.answerDelayMs);
      else answer(mail);
    };
    const answer = (mail: Omit<ReceivedMail, 'queueId' | 'envelope'>) => {
      if (this.refusing && Date.now() < this.refusing.until) {
        for (const to of envelope.to) this.refusedFor.set(to, (this.refusedFor.get(to) ?? 0) + 1);
        return callback(smtpError(this.refusing.code, '4.3.2 Service not available, try again later'));
      }
      const code = this.failData.shift();
      if (code) return callback(smtpError(code, code >= 500 ? '5.7.1 Message refused by policy' : '4.3.0 Temporary failure, try again later'));
      const queueId = `Q${(++this.queueSeq).toString(36).toUpperCase().padStart(6, '0')}`;
      const received: ReceivedMail = { ...mail, envelope, queueId };
      if (parse) this.received.push(received);
      this.accepted++;
      callback(null, `OK: queued as ${queueId}`);
      this.onAccepted?.(this.accepted, received);
      const bounce = this.bounceRecipients.get((envelope.to[0] ?? '').toLowerCase());
      if (bounce) setTimeout(() => void this.forwardBounce(received, bounce), 20);
    };
    if (!parse) {
      stream.on('data', () => undefined);
      stream.on('end', () => finish({ to: [], headers: {} }));
      return;
    }
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    simpleParser(stream)
      .then((m) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of m.headers) headers[k.toLowerCase()] = flatten(v);
        const raw = Buffer.concat(chunks).toString('utf8');
        finish({ to: addresses(m.to), subject: m.subject, text: m.text, html: typeof m.html === 'string' ? m.html : undefined, headers, raw });
      })
      .catch((e: Error) => callback(smtpError(451, `4.3.0 could not parse the message: ${e.message}`)));
  }
}

function addresses(to: AddressObject | AddressObject[] | undefined): string[] {
  if (!to) return [];
  return (Array.isArray(to) ? to : [to]).flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean);
}

function flatten(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'text' in v) return String((v as { text: unknown }).text);
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === 'object' && 'value' in v) return String((v as { value: unknown }).value);
  return JSON.stringify(v);
}
