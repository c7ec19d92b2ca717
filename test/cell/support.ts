import { SmsPeer } from '../peers/sms-peer';
import { SmtpPeer } from '../peers/smtp-peer';
import type { TestApp } from '../support/test-app';

export const ACK_SECRET = 'cell-ack-secret-for-tests-0123456789abcdef';

/** The SMTP and SMS providers on loopback, and the environment that points the product at them. */
export class CellPeers {
  smtp = new SmtpPeer();
  sms = new SmsPeer({ serviceName: 'sms-cell-1', appKey: 'cell-app-key', appSecret: 'cell-app-secret', consumerKey: 'cell-consumer-key' });

  async start(): Promise<this> {
    await Promise.all([this.smtp.start(), this.sms.start()]);
    return this;
  }

  async stop(): Promise<void> {
    await Promise.all([this.smtp.stop(), this.sms.stop()]);
  }

  env(): Record<string, string> {
    return {
      SMTP_URL: this.smtp.url,
      SMTP_FROM: 'Préfecture des Vosges <alerte@vosges.gouv.fr>',
      SMS_GATEWAY_URL: `${this.sms.url}/1.0`,
      SMS_SERVICE_NAME: 'sms-cell-1',
      SMS_APP_KEY: 'cell-app-key',
      SMS_APP_SECRET: 'cell-app-secret',
      SMS_CONSUMER_KEY: 'cell-consumer-key',
      SMS_SENDER: 'PREF88',
      CHANNEL_TIMEOUT_SECONDS: '5',
      PUBLIC_BASE_URL: 'https://crise.vosges.example.org',
      // Pages go out through the outbox: the worker of the instance that wrote them sends them.
      DELIVERY_WORKER: 'true',
    };
  }

  /** The acknowledgement link in the email received by `to`, the latest first. */
  linkFor(to: string): string {
    const mail = [...this.smtp.received].reverse().find((m) => m.envelope.to.includes(to));
    const link = mail?.text?.match(/https:\/\/crise\.vosges\.example\.org\/cell\/ack\/[A-Za-z0-9_-]{48}/)?.[0];
    if (!link) throw new Error(`no page with a link received by ${to}`);
    return link;
  }
}

export const PHONES = ['+33612345601', '+33612345602', '+33612345603', '+33612345604', '+33612345605', '+33612345606', '+33612345607', '+33612345608'];

export async function addMember(t: TestApp, token: string, name: string, role: string, i: number) {
  const res = await t
    .http()
    .post('/api/cell/members')
    .set('Authorization', `Bearer ${token}`)
    .send({ name, role, email: `${name.toLowerCase().replace(/\s+/g, '.')}@vosges.gouv.fr`, phone: PHONES[i] });
  if (res.status !== 201) throw new Error(`add member ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; email: string; phone: string; name: string };
}

export async function addRotation(t: TestApp, token: string, role: string, memberIds: string[], startLocal = '2020-01-06T09:00', shiftHours = 168) {
  const res = await t.http().post('/api/cell/rotations').set('Authorization', `Bearer ${token}`).send({ role, startLocal, shiftHours, memberIds });
  if (res.status !== 201) throw new Error(`add rotation ${role}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string };
}

/** One member per role (weekly rotation started long ago, so each is on call now), plus a backup for the chief. */
export async function standardCell(t: TestApp, token: string, roles = ['chief', 'writer', 'social_media', 'press']) {
  const names = ['Claire Dupont', 'Marc Petit', 'Lina Haddad', 'Paul Morel', 'Anne Roux'];
  const members: Record<string, { id: string; email: string; phone: string; name: string }> = {};
  for (const [i, role] of roles.entries()) members[role] = await addMember(t, token, names[i], role, i);
  const backup = await addMember(t, token, names[4], 'chief', 4);
  for (const role of roles) await addRotation(t, token, role, role === 'chief' ? [members.chief.id, backup.id] : [members[role].id], role === 'chief' ? nowWeekStart() : undefined);
  return { members, backup };
}

/** A weekly rotation whose slot 0 is the current week, so the first listed member is on call now. */
function nowWeekStart(): string {
  const d = new Date(Date.now() - 3 * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T00:00`;
}

export async function auditActions(t: TestApp, token: string, action?: string) {
  const res = await t
    .http()
    .get(`/api/audit?pageSize=500${action ? `&action=${action}` : ''}`)
    .set('Authorization', `Bearer ${token}`);
  return res.body.items as { action: string; actor: string; payload: Record<string, unknown>; subjectId: string }[];
}
