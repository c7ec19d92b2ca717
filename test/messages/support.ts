import type { TestApp } from '../support/test-app';
import { createEvent, waitFor } from '../events/support';

export const CSV_HEADER = 'kind;name;organisation;commune_insee;email;mobile;exercise_participant;lists';

/** Imports contacts through the API and returns the id of the static list they were put in. */
export async function importContacts(t: TestApp, token: string, lines: string[], list: string): Promise<string> {
  const res = await t
    .http()
    .post('/api/contacts/import?dryRun=false')
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', 'text/csv')
    .send([CSV_HEADER, ...lines].join('\n'));
  if (res.status >= 300) throw new Error(`import: ${res.status} ${JSON.stringify(res.body)}`);
  const lists = await t.http().get('/api/contacts/lists').set('Authorization', `Bearer ${token}`);
  const items = (Array.isArray(lists.body) ? lists.body : lists.body.items) as { id: string; name: string }[];
  const found = items.find((l) => l.name === list);
  if (!found) throw new Error(`list ${list} not found after import: ${JSON.stringify(lists.body)}`);
  return found.id;
}

export interface Summary {
  audience: string;
  channel: string;
  total: number;
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  unknown: number;
  sandboxed: number;
}

export async function deliveriesOf(t: TestApp, token: string, messageId: string, query = '') {
  const res = await t.http().get(`/api/messages/${messageId}/deliveries?pageSize=500${query}`).set('Authorization', `Bearer ${token}`);
  if (res.status !== 200) throw new Error(`deliveries: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { summary: Summary[]; total: number; items: Record<string, any>[] };
}

/** Waits until no delivery of the message is queued, sending, or unknown and still being reconciled. */
export async function settled(t: TestApp, token: string, messageId: string, timeoutMs = 60_000) {
  return waitFor(
    `deliveries of ${messageId} to settle`,
    async () => {
      const d = await deliveriesOf(t, token, messageId);
      const busy = d.items.some((i) => i.status === 'queued' || i.status === 'sending' || (i.status === 'unknown' && !i.needsReview));
      return busy ? null : d;
    },
    timeoutMs,
  );
}

export async function draftApproveDispatch(t: TestApp, writer: string, approver: string, eventId: string, body: Record<string, unknown>) {
  const draft = await t.http().post(`/api/events/${eventId}/messages`).set('Authorization', `Bearer ${writer}`).send(body);
  if (draft.status !== 201) throw new Error(`draft: ${draft.status} ${JSON.stringify(draft.body)}`);
  await t.http().post(`/api/messages/${draft.body.id}/approve`).set('Authorization', `Bearer ${approver}`).expect(200);
  const sent = await t.http().post(`/api/messages/${draft.body.id}/dispatch`).set('Authorization', `Bearer ${approver}`).send({});
  if (sent.status !== 200) throw new Error(`dispatch: ${sent.status} ${JSON.stringify(sent.body)}`);
  return { message: draft.body as { id: string; marker: string }, dispatch: sent.body as { deliveries: number; warnings: string[] } };
}

export const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

/** The body of a bulletin to the elected officials of one list, by email and SMS (or `channels`), next update in two hours. */
export const electedBulletin = (listId: string, facts = 'La Moselle déborde à Épinal.', channels = ['email', 'sms']) => ({
  audiences: ['elected'],
  channels: { elected: channels },
  listIds: { elected: [listId] },
  facts,
  instructions: 'Évitez les berges.',
  nextUpdateAt: inHours(2),
});

export const BULLETIN = {
  facts: 'Un feu de forêt progresse sur le massif de la Vologne. 40 hectares brûlés, deux routes fermées.',
  instructions: 'Évitez le secteur, ne gênez pas les secours, suivez les consignes des pompiers.',
};

/** `n` mayors on the list `list`, each with an email address of their own (no mobile). */
export const mayorLines = (list: string, n: number) => Array.from({ length: n }, (_, i) => `mayor;Maire ${i};Mairie ${i};88160;maire${i}@${list}.example.org;;non;${list}`);

/**
 * `n` mayors on a list of their own, a writer, a prefect and an event; `dispatch()` drafts, approves and
 * sends an email bulletin to the list, which the caller then watches go out.
 */
export async function emailBulletinTo(t: TestApp, list: string, n: number) {
  const listId = await importContacts(t, await t.adminToken(), mayorLines(list, n), list);
  const writer = (await t.userWithRole('communication', `redaction-${list}`)).token;
  const prefect = (await t.userWithRole('prefect', `prefete-${list}`)).token;
  const event = await createEvent(t, prefect);
  const dispatch = async () => (await draftApproveDispatch(t, writer, prefect, event.id, electedBulletin(listId, undefined, ['email']))).message;
  return { prefect, event, dispatch };
}
