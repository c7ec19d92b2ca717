import type { Page } from 'playwright-core';
import { addMember, addRotation } from '../cell/support';
import { createEvent } from '../events/support';
import { BULLETIN, draftApproveDispatch, inHours } from '../messages/support';
import type { TestApp } from '../support/test-app';

export interface CrisisScenario {
  eventId: string;
  tokens: { duty: string; writer: string; prefect: string };
  chiefPageId: string;
}

/**
 * An event in the middle of a crisis, through the API: the COD activated, the
 * cell called (a chief and a writer on call), one bulletin sent to the public.
 * No channel is configured, so every delivery is sandboxed.
 */
export async function crisisScenario(t: TestApp, title = 'Inondation — vallée de la Moselle'): Promise<CrisisScenario> {
  const duty = await t.userWithRole('duty_officer', 'astreinte');
  const writer = await t.userWithRole('communication', 'redaction');
  const prefect = await t.userWithRole('prefect', 'prefete');
  const admin = await t.adminToken();
  const chief = await addMember(t, admin, 'Claire Chef', 'chief', 0);
  const plume = await addMember(t, admin, 'Paul Plume', 'writer', 1);
  await addRotation(t, admin, 'chief', [chief.id]);
  await addRotation(t, admin, 'writer', [plume.id]);
  const event = await createEvent(t, duty.token, { title, kind: 'flood' });
  const auth = { Authorization: `Bearer ${duty.token}` };
  const cod = await t.http().post(`/api/events/${event.id}/cod-activation`).set(auth).send({ decidedBy: 'M. le Préfet' });
  if (cod.status !== 200) throw new Error(`COD: ${cod.status} ${JSON.stringify(cod.body)}`);
  const call = await t.http().post(`/api/events/${event.id}/cell-activation`).set(auth);
  if (call.status !== 201) throw new Error(`cell: ${call.status} ${JSON.stringify(call.body)}`);
  const chiefPage = (call.body.pages as { id: string; role: string }[]).find((p) => p.role === 'chief')!;
  await draftApproveDispatch(t, writer.token, prefect.token, event.id, { ...BULLETIN, nextUpdateAt: inHours(1), audiences: ['public'] });
  return { eventId: event.id, tokens: { duty: duty.token, writer: writer.token, prefect: prefect.token }, chiefPageId: chiefPage.id };
}

export async function logIn(page: Page, url: string, username: string) {
  await page.goto(`${url}/console/#/login`);
  await page.getByLabel('Identifiant').fill(username);
  await page.getByLabel('Mot de passe').fill(`${username}-password-123`);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Événements majeurs' }).waitFor();
}
