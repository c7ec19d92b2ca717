import { EXERCISE_MARKING } from '../../src/domain/messages/exercise-marking';
import { AllPeers, X_REAL_USER } from '../channels/peers-env';
import { waitFor } from '../events/support';
import { BULLETIN, draftApproveDispatch, importContacts, inHours, settled } from '../messages/support';
import { startTestApp, TestApp } from '../support/test-app';
import { addInject, auth, planExercise, startExercise } from './support';

/**
 * An exercise started from the programme, with every channel live (real SMTP,
 * SMS, X, Facebook and webhook peers on loopback, no exercise accounts): its
 * clocks run, and nothing reaches a non-participant or a real public account.
 */
describe('an exercise from the programme, with live channels', () => {
  jest.setTimeout(180_000);
  let peers: AllPeers;
  let t: TestApp;

  beforeAll(async () => {
    peers = await new AllPeers().start();
    t = await startTestApp({ ...peers.env({ exerciseAccounts: false }), DELIVERY_POLL_MS: '100', EXERCISE_SWEEP_SECONDS: '1' });
  });
  afterAll(async () => {
    await t?.close();
    await peers?.stop();
  });

  it('runs the clocks, and neither its bulletin nor its injects reach a non-participant or the real X account', async () => {
    const prefect = (await t.userWithRole('prefect', 'prefet')).token;
    const writer = (await t.userWithRole('communication', 'redacteur')).token;
    const listId = await importContacts(
      t,
      await t.adminToken(),
      [
        'mayor;Sophie Marchal;Mairie d’Épinal;88160;maire.epinal@vosges.example.org;+33612345621;oui;exo-liste',
        'mayor;Paul Réel;Mairie d’Épinal (adjoint);88160;adjoint.epinal@vosges.example.org;+33612345622;non;exo-liste',
        'newsroom;Rédaction;Vosges Matin;;redaction@vosgesmatin.example.org;;non;exo-liste',
      ],
      'exo-liste',
    );
    const x = await planExercise(t, prefect);
    const started = await startExercise(t, prefect, x.id);
    await t.http().post(`/api/events/${started.eventId}/cod-activation`).set(auth(prefect)).send({ decidedBy: 'M. le Préfet' }).expect(200);
    const clocks = (await t.http().get(`/api/events/${started.eventId}/commitments`).set(auth(prefect)).expect(200)).body.commitments as { key: string; status: string; dueAt: string | null }[];
    for (const key of ['C2-elected', 'C2-public', 'C2-media']) {
      const c = clocks.find((k) => k.key === key)!;
      expect(c.status).toBe('pending');
      expect(Date.parse(c.dueAt!)).toBeGreaterThan(Date.now() + 58 * 60_000);
    }

    // A bulletin to every audience of the exercise event.
    const { message } = await draftApproveDispatch(t, writer, prefect, started.eventId, { ...BULLETIN, nextUpdateAt: inHours(1), listIds: { elected: [listId], media: [listId] } });
    const done = await settled(t, prefect, message.id);
    expect(done.items.filter((d) => d.channel === 'x').map((d) => d.status)).toEqual(['sandboxed']);
    expect(done.items.filter((d) => d.channel === 'facebook').map((d) => d.status)).toEqual(['sandboxed']);

    // Injects by email to a role and by SMS to a named player.
    await addInject(t, prefect, x.id, { offsetMinutes: 0, means: 'email', recipient: 'communication', scenario: 'La Moselle déborde à Épinal' });
    await addInject(t, prefect, x.id, { offsetMinutes: 0, means: 'sms', recipient: 'Claire Dupont', scenario: 'Coupure de la RN57' });
    await t.http().post(`/api/exercises/${x.id}/msel/start`).set(auth(prefect)).expect(200);
    await waitFor('the inject email and SMS', async () => peers.smtp.received.some((m) => m.subject?.includes('Inject')) && peers.sms.jobs.some((j) => j.message.includes('RN57')), 30_000);

    // The peers' own logs: only participants and players, every text marked, nothing on X, no webhook.
    const emailTo = peers.smtp.received.flatMap((m) => m.to).sort();
    expect(emailTo).toEqual(['claire.dupont@vosges.example.org', 'maire.epinal@vosges.example.org']);
    for (const m of peers.smtp.received) expect(m.text).toContain(EXERCISE_MARKING);
    const smsTo = peers.sms.jobs.flatMap((j) => j.receivers).sort();
    expect(smsTo).toEqual(['+33612345601', '+33612345621']);
    for (const j of peers.sms.jobs) expect(j.message).toContain(EXERCISE_MARKING);
    expect(peers.x.postsOf(X_REAL_USER)).toHaveLength(0);
    expect(peers.x.posts).toHaveLength(0);
    expect(peers.facebook.posts).toHaveLength(0);
    expect(peers.webhook.calls).toHaveLength(0);

    const inject = peers.smtp.received.find((m) => m.subject?.includes('Inject'))!;
    expect(inject.subject).toContain(EXERCISE_MARKING);
    expect(inject.text).toContain('La Moselle déborde à Épinal');
    // The inject deliveries are in the event's deliveries, as exercise_player.
    const deliveries = (await t.http().get(`/api/events/${started.eventId}/deliveries`).set(auth(prefect)).expect(200)).body;
    expect(JSON.stringify(deliveries)).toContain('exercise_player');
    // Each inject is a line of its own, named by its inject id: an inject is no message.
    const injectLines = deliveries.filter((d: { injectId?: string }) => d.injectId);
    expect(injectLines).toHaveLength(2);
    for (const line of injectLines) {
      expect(line.messageId).toBeNull();
      expect(line.summary.map((s: { audience: string }) => s.audience)).toEqual(['exercise_player']);
    }
    expect(deliveries.filter((d: { messageId: string | null }) => d.messageId === message.id)).toHaveLength(1);
  });
});
