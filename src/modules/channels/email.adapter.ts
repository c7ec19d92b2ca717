import { createTransport, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { ChannelsConfig } from '../../config/channels-config';
import type { CredentialVerdict } from '../../domain/channels/credential-check.policy';
import type { FailureFacts } from '../../domain/channels/provider-fallback.policy';
import type { ChannelAdapter, ChannelStatus, OutboundMessage, SendOutcome } from './channel-adapter.types';
import { clip } from './channel-http';

type EmailConfig = NonNullable<ChannelsConfig['email']>;

/**
 * Email through one pooled SMTP transport. `send` is the sendMail call and
 * nothing else: the bench holds this path to half of a raw nodemailer pool.
 */
export class EmailAdapter implements ChannelAdapter {
  readonly channel = 'email' as const;
  private readonly transport: Transporter<SMTPPool.SentMessageInfo>;

  constructor(
    private readonly config: EmailConfig,
    timeoutMs: number,
  ) {
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
      const info = await this.transport.sendMail({
        from: this.config.from,
        to: m.to,
        subject: m.subject ?? '',
        text: m.text,
        html: m.html,
        headers: { 'X-Crisis-Reference': m.reference },
      });
      if (info.rejected?.length) return { kind: 'permanent', reason: `recipient refused by the SMTP server: ${clip(String(info.response ?? ''))}`, failure: { via: 'recipient-invalid' } };
      return { kind: 'sent', proof: { messageId: info.messageId, response: info.response } };
    } catch (e) {
      return smtpFailure(e);
    }
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
