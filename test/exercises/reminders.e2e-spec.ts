import { DataSource } from 'typeorm';
import { ExerciseRemindersService } from '../../src/modules/exercises/exercise-reminders.service';
import { waitFor } from '../events/support';
import { SmtpPeer } from '../peers/smtp-peer';
import { startTestApp, TestApp } from '../support/test-app';
import { createRealDatabase, createTestDatabase, describeRealPostgres } from '../support/test-database';
import { auditOf, auth, planExercise } from './support';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** With a lead of one minute, a start this far ahead fires its reminder `s` seconds from now. */
const startIn = (s: number) => new Date(Date.now() + 60_000 + s * 1000).toISOString();

const DIRECTOR = { name: 'Anne Lefèvre', email: 'anne.lefevre@vosges.example.org' };

describe('reminders to the exercise director', () => {
  jest.setTimeout(180_000);
  let smtp: SmtpPeer;
  beforeAll(async () => {
    smtp = await new SmtpPeer({ parse: true }).start();
  });
  afterAll(async () => {
    await smtp?.stop();
  });
  const env = () => ({ SMTP_URL: smtp.url, SMTP_FROM: 'Préfecture des Vosges <alerte@vosges.example.org>', EXERCISE_REMINDER_LEADS_MINUTES: '1', EXERCISE_SWEEP_SECONDS: '1' });
  const mailsFor = (title: string) => smtp.received.filter((m) => m.subject?.includes(title));

  it('fires once across a restart, in French, and is rescheduled or dropped with the exercise', async () => {
    const db = await createTestDatabase();
    let a: TestApp | null = await startTestApp(env(), { db });
    let b: TestApp | null = null;
    try {
      const duty = (await a.userWithRole('duty_officer', 'astreinte')).token;
      const kept = await planExercise(a, duty, { title: 'Exercice rappelé', plannedAt: startIn(4), director: DIRECTOR });
      const moved = await planExercise(a, duty, { title: 'Exercice déplacé', plannedAt: startIn(3), director: DIRECTOR });
      const cancelled = await planExercise(a, duty, { title: 'Exercice annulé', plannedAt: startIn(3), director: DIRECTOR });
      // Moved ten minutes later: the old reminder is dropped and a new one planned.
      await a
        .http()
        .patch(`/api/exercises/${moved.id}`)
        .set(auth(duty))
        .send({ plannedAt: startIn(600) })
        .expect(200);
      await a.http().post(`/api/exercises/${cancelled.id}/cancel`).set(auth(duty)).send({}).expect(200);
      await a.close();
      a = null;
      await sleep(5000); // the reminder comes due while nothing runs
      b = await startTestApp(env(), { db });
      await waitFor('the reminder', async () => mailsFor('Exercice rappelé').length > 0, 20_000);
      await sleep(3000);
      const mails = mailsFor('Exercice rappelé');
      expect(mails).toHaveLength(1);
      expect(mails[0].to).toEqual(['anne.lefevre@vosges.example.org']);
      expect(mails[0].subject).toMatch(/^Rappel : exercice « Exercice rappelé » dans 1 min \(\d\d\/\d\d\/\d{4} \d\d:\d\d\)$/);
      expect(mails[0].text).toContain('Bonjour Anne Lefèvre,');
      // Not an exercise message: a real note to a member of staff, with no exercise marking.
      expect(mails[0].text).not.toContain('EXERCICE – EXERCICE');
      expect(mailsFor('Exercice déplacé')).toHaveLength(0);
      expect(mailsFor('Exercice annulé')).toHaveLength(0);
      const sent = await auditOf(b, 'exercise.reminder_sent');
      expect(sent.map((e) => e.subjectId)).toEqual([kept.id]);
      expect(sent[0].payload).toMatchObject({ leadMinutes: 1, status: 'sent', director: 'Anne Lefèvre' });
      const rows = await b.app.get(DataSource).query('SELECT exercise_id, outcome, fired_at IS NOT NULL AS fired FROM exercise_reminders ORDER BY fire_at');
      expect(
        rows
          .filter((r: { exercise_id: string }) => r.exercise_id === moved.id)
          .map((r: { outcome: string | null }) => r.outcome)
          .sort(),
      ).toEqual(['dropped', null].sort());
      expect(rows.find((r: { exercise_id: string }) => r.exercise_id === cancelled.id).outcome).toBe('dropped');
    } finally {
      await a?.close();
      await b?.close();
      await db.stop();
    }
  });

  it('are outbox deliveries: a relay that refuses once is tried again, a refused address fails, each told once to the audit log', async () => {
    const db = await createTestDatabase();
    const t = await startTestApp({ ...env(), DELIVERY_RETRY_BASE_SECONDS: '1', DELIVERY_POLL_MS: '100' }, { db });
    try {
      const duty = (await t.userWithRole('duty_officer', 'astreinte3')).token;
      const refused = { name: 'Marc Refus', email: 'marc.refus@vosges.example.org' };
      smtp.rejectRecipients.set(refused.email, 550);
      // The relay refuses the next message for a while: the outbox worker tries again after its backoff.
      smtp.failNext(451);
      const retried = await planExercise(t, duty, { title: 'Exercice relancé', plannedAt: startIn(2), director: DIRECTOR });
      await waitFor('the retried reminder', async () => mailsFor('Exercice relancé').length > 0, 30_000);
      const lost = await planExercise(t, duty, { title: 'Exercice sans destinataire', plannedAt: startIn(2), director: refused });
      await waitFor('the refused reminder', async () => (await auditOf(t, 'exercise.reminder_sent', lost.id)).length > 0, 30_000);
      await sleep(2000);
      expect(mailsFor('Exercice relancé')).toHaveLength(1);
      expect(mailsFor('Exercice sans destinataire')).toHaveLength(0);

      const [ok] = await auditOf(t, 'exercise.reminder_sent', retried.id);
      expect(ok.payload).toMatchObject({ status: 'sent', attempts: 2, director: 'Anne Lefèvre' });
      expect(ok.payload.proof.response).toMatch(/^250/);
      const [ko] = await auditOf(t, 'exercise.reminder_sent', lost.id);
      expect(ko.payload).toMatchObject({ status: 'failed', director: 'Marc Refus', proof: null });
      expect(ko.payload.error).toMatch(/550/);
      expect(await auditOf(t, 'exercise.reminder_sent')).toHaveLength(2);
      // The refusal before the retry is the outbox's own entry on the reminder.
      const retry = await auditOf(t, 'delivery.results', ok.payload.reminderId);
      expect(retry.map((e) => e.payload.status)).toEqual(['queued']);

      // The rows: one delivery per reminder, owned by the reminder alone, with no event (the exercise has not started).
      const rows = await t.app.get(DataSource).query(
        `SELECT r.exercise_id, r.outcome, d.audience, d.channel, d.address, d.status, d.attempts, d.event_id, d.message_id, c.exercise
             FROM exercise_reminders r JOIN deliveries d ON d.reminder_id = r.id JOIN delivery_contents c ON c.id = d.content_id ORDER BY d.attempts DESC`,
      );
      expect(rows).toEqual([
        {
          exercise_id: retried.id,
          outcome: 'sent',
          audience: 'exercise_director',
          channel: 'email',
          address: DIRECTOR.email,
          status: 'sent',
          attempts: 2,
          event_id: null,
          message_id: null,
          exercise: false,
        },
        {
          exercise_id: lost.id,
          outcome: 'failed',
          audience: 'exercise_director',
          channel: 'email',
          address: refused.email,
          status: 'failed',
          attempts: 1,
          event_id: null,
          message_id: null,
          exercise: false,
        },
      ]);
    } finally {
      smtp.rejectRecipients.clear();
      await t.close();
      await db.stop();
    }
  });

  describeRealPostgres('two instances on one real PostgreSQL', () => {
    it('send each reminder once, whether by their own timers or racing on the same row', async () => {
      const db = await createRealDatabase();
      const a = await startTestApp(env(), { db });
      const b = await startTestApp(env(), { db });
      try {
        const duty = (await a.userWithRole('duty_officer', 'astreinte2')).token;
        const titles = [0, 1, 2, 3, 4].map((i) => `Exercice à deux instances ${i}`);
        // Instance A plans; instance B learns of the rows only through its sweep.
        for (const title of titles) await planExercise(a, duty, { title, plannedAt: startIn(3), director: DIRECTOR });
        for (const title of titles) await waitFor(`reminder of ${title}`, async () => mailsFor(title).length > 0, 20_000);
        await sleep(3000);
        for (const title of titles) expect(mailsFor(title)).toHaveLength(1);
        // This database holds only these five exercises: five reminders in the audit log, one each.
        const sent = await auditOf(a, 'exercise.reminder_sent');
        expect(sent).toHaveLength(5);
        expect(new Set(sent.map((e) => e.subjectId)).size).toBe(5);

        // A direct race: both instances fire the same due row at once.
        const x = await planExercise(b, duty, { title: 'Course au rappel', plannedAt: startIn(1.5), director: DIRECTOR });
        const [{ id }] = await b.app.get(DataSource).query('SELECT id FROM exercise_reminders WHERE exercise_id = $1', [x.id]);
        await sleep(1600);
        const results = await Promise.all([a.app.get(ExerciseRemindersService).fire(id), b.app.get(ExerciseRemindersService).fire(id), a.app.get(ExerciseRemindersService).fire(id)]);
        expect(results.filter((r) => r !== null).length).toBeLessThanOrEqual(1);
        await waitFor('the raced reminder', async () => mailsFor('Course au rappel').length > 0, 10_000);
        await sleep(2000);
        expect(mailsFor('Course au rappel')).toHaveLength(1);
        expect(await auditOf(a, 'exercise.reminder_sent', x.id)).toHaveLength(1);
      } finally {
        await a.close();
        await b.close();
        await db.stop();
      }
    });
  });
});
