import { DataSource } from 'typeorm';
import { CellEscalationService } from '../../src/modules/cell/cell-escalation.service';
import { ACK_SECRET, addMember, addRotation, auditActions, CellPeers } from '../cell/support';
import { createEvent, waitFor } from '../events/support';
import { startTestApp, TestApp } from '../support/test-app';
import { createRealDatabase, describeRealPostgres } from '../support/test-database';

const EVENTS = 3;

/**
 * Two instances of the app on one database, both sweeping every second. Six
 * pages (two roles in each of three events) go unanswered until their
 * escalation is due; both sweepers see them at once, and both are also made to
 * sweep at the same instant. Each page escalates exactly once (rows and audit
 * entries) and each backup receives one page per event (the SMTP peer's log).
 */
describeRealPostgres('two instances on one database: each escalation fires once', () => {
  jest.setTimeout(240_000);

  it('escalates each unanswered page once and pages each backup once', async () => {
    const peers = await new CellPeers().start();
    const db = await createRealDatabase();
    // Ten minutes between rounds: once escalated, the new page is not due again during the test.
    const env = { ...peers.env(), CELL_REQUIRED_ROLES: 'chief,writer', CELL_ESCALATION_MINUTES: '10', CELL_ESCALATION_ROUNDS: '2', CELL_SWEEP_SECONDS: '1', CELL_ACK_SECRET: ACK_SECRET };
    const a: TestApp = await startTestApp(env, { db });
    const b: TestApp = await startTestApp(env, { db });
    try {
      const admin = await a.adminToken();
      const duty = await a.userWithRole('duty_officer');
      const since = `${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}T00:00`;
      const chief = await addMember(a, admin, 'Claire Dupont', 'chief', 0);
      const chiefBackup = await addMember(a, admin, 'Anne Roux', 'chief', 1);
      const writer = await addMember(a, admin, 'Marc Petit', 'writer', 2);
      const writerBackup = await addMember(a, admin, 'Lina Haddad', 'writer', 3);
      await addRotation(a, admin, 'chief', [chief.id, chiefBackup.id], since);
      await addRotation(a, admin, 'writer', [writer.id, writerBackup.id], since);

      const sql = a.app.get(DataSource);
      // Pages fall due ten minutes after they are sent: none is due until the rows say so.
      const events: { id: string; title: string }[] = [];
      for (let i = 0; i < EVENTS; i++) {
        const title = `Inondation ${i + 1} sur la Meurthe`;
        const event = { ...(await createEvent(a, duty.token, { title })), title };
        const call = await (i % 2 === 0 ? a : b).http().post(`/api/events/${event.id}/cell-activation`).set('Authorization', `Bearer ${duty.token}`);
        expect(call.status).toBe(201);
        events.push(event);
      }
      const firstPages: { id: string; event_id: string; role: string }[] = await sql.query(`SELECT id, event_id, role FROM cell_pages WHERE round = 1 ORDER BY event_id, role`);
      expect(firstPages).toHaveLength(EVENTS * 2);
      await waitFor('the first pages sent', async () => peers.smtp.received.length >= EVENTS * 2, 30_000);
      expect(peers.smtp.received.filter((m) => [chiefBackup.email, writerBackup.email].includes(m.envelope.to[0]))).toEqual([]);

      // Ten minutes without an answer: all six due at once. Both periodic sweepers see them,
      // and both instances are also made to sweep at the same instant.
      await sql.query(`UPDATE cell_pages SET escalate_at = clock_timestamp() - interval '1 second' WHERE escalation_claimed_at IS NULL`);
      await Promise.all([
        a.app.get(CellEscalationService).sweep(),
        b.app.get(CellEscalationService).sweep(),
        a.app.get(CellEscalationService).escalateNext(),
        b.app.get(CellEscalationService).escalateNext(),
      ]);
      await waitFor('every page escalated', async () => (await sql.query(`SELECT count(*)::int AS n FROM cell_pages WHERE round = 2`))[0].n >= EVENTS * 2, 30_000);
      // Each backup page sent on both channels: its deliveries in the outbox (audience cell).
      const backupSent = `SELECT count(DISTINCT p.id)::int AS n FROM cell_pages p WHERE p.round = 2
                            AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.page_id = p.id AND d.status <> 'sent')
                            AND (SELECT count(*) FROM deliveries d WHERE d.page_id = p.id) = 2`;
      await waitFor('every backup page sent', async () => (await sql.query(backupSent))[0].n >= EVENTS * 2, 30_000);
      // Three more sweeps of each instance: still once.
      await new Promise((r) => setTimeout(r, 3_500));

      // Rows: each first page escalated once, one round-2 page per event and role, to the backup.
      const rows: { event_id: string; role: string; round: number; member_id: string; escalation_outcome: string | null }[] = await sql.query(
        `SELECT event_id, role, round, member_id, escalation_outcome FROM cell_pages ORDER BY event_id, role, round`,
      );
      expect(rows).toHaveLength(EVENTS * 4);
      for (const e of events) {
        for (const [role, onCall, backup] of [
          ['chief', chief, chiefBackup],
          ['writer', writer, writerBackup],
        ] as const) {
          const mine = rows.filter((r) => r.event_id === e.id && r.role === role);
          expect(mine.map((r) => [r.round, r.member_id, r.escalation_outcome])).toEqual([
            [1, onCall.id, 'escalated'],
            [2, backup.id, null],
          ]);
        }
      }
      // Audit: one cell.escalated per first page, none twice.
      const escalated = await auditActions(a, admin, 'cell.escalated');
      expect(escalated).toHaveLength(EVENTS * 2);
      expect(new Set(escalated.map((x) => x.payload.fromPageId)).size).toBe(EVENTS * 2);
      expect(new Set(escalated.map((x) => x.payload.fromPageId))).toEqual(new Set(firstPages.map((p) => p.id)));

      // The SMTP peer's log: each backup paged once per event, the on-call members never again.
      const to = (addr: string) => peers.smtp.received.filter((m) => m.envelope.to[0] === addr);
      for (const backup of [chiefBackup, writerBackup]) {
        const mails = to(backup.email);
        expect(mails).toHaveLength(EVENTS);
        for (const e of events) expect(mails.filter((m) => `${m.subject ?? ''}\n${m.text ?? ''}`.includes(e.title))).toHaveLength(1);
      }
      expect(to(chief.email)).toHaveLength(EVENTS);
      expect(to(writer.email)).toHaveLength(EVENTS);
      // And one SMS each (the SMS peer's log).
      for (const backup of [chiefBackup, writerBackup]) expect(peers.sms.jobs.filter((j) => j.receivers[0] === backup.phone)).toHaveLength(EVENTS);
    } finally {
      await a.close();
      await b.close();
      await db.stop();
      await peers.stop();
    }
  });
});
