import { DataSource } from 'typeorm';
import { CellEscalationService } from '../../src/modules/cell/cell-escalation.service';
import { createEvent } from '../events/support';
import { startTestApp, TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';
import { addMember, addRotation, auditActions, CellPeers } from './support';

/**
 * Time is driven through the rows: a page's escalation due time is moved into
 * the past (as if CELL_ESCALATION_MINUTES had passed), then the sweep runs.
 */
describe('escalation of unanswered pages', () => {
  jest.setTimeout(240_000);

  async function setup(t: TestApp) {
    const admin = await t.adminToken();
    const duty = await t.userWithRole('duty_officer');
    const a = await addMember(t, admin, 'Claire Dupont', 'chief', 0);
    const b = await addMember(t, admin, 'Anne Roux', 'chief', 1);
    await addRotation(t, admin, 'chief', [a.id, b.id], `${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}T00:00`);
    const event = await createEvent(t, duty.token);
    const call = await t.http().post(`/api/events/${event.id}/cell-activation`).set('Authorization', `Bearer ${duty.token}`);
    expect(call.status).toBe(201);
    return { admin, duty, a, b, event };
  }
  const sql = (t: TestApp) => t.app.get(DataSource);
  const pages = async (t: TestApp, token: string, eventId: string) =>
    (await t.http().get(`/api/events/${eventId}/cell`).set('Authorization', `Bearer ${token}`)).body.pages as {
      id: string;
      round: number;
      member: { name: string };
      escalation: { dueAt: string; outcome: string | null };
      acknowledgement: unknown;
    }[];
  const makeDue = (t: TestApp) => sql(t).query(`UPDATE cell_pages SET escalate_at = clock_timestamp() - interval '1 second' WHERE escalation_claimed_at IS NULL`);

  it('pages the backup after N minutes, wraps round the chain, stops after K rounds, and never escalates twice', async () => {
    const peers = await new CellPeers().start();
    const t = await startTestApp({ ...peers.env(), CELL_REQUIRED_ROLES: 'chief', CELL_ESCALATION_MINUTES: '10', CELL_ESCALATION_ROUNDS: '2', CELL_SWEEP_SECONDS: '3600' });
    try {
      const { admin, a, b, event } = await setup(t);
      const sweeper = t.app.get(CellEscalationService);
      let list = await pages(t, admin, event.id);
      expect(list).toHaveLength(1);
      const first = list[0];
      // Due 10 minutes after the page, on the database clock.
      const [{ paged_at: pagedAt }] = await sql(t).query('SELECT paged_at FROM cell_pages WHERE id = $1', [first.id]);
      expect(new Date(first.escalation.dueAt).getTime() - new Date(pagedAt).getTime()).toBe(600_000);

      // Not due yet: nothing happens.
      await sweeper.sweep();
      expect(await pages(t, admin, event.id)).toHaveLength(1);

      // Ten minutes pass: the backup is paged (round 2), by email and SMS.
      await makeDue(t);
      await Promise.all([sweeper.escalateNext(), sweeper.escalateNext(), sweeper.escalateNext()]);
      list = await pages(t, admin, event.id);
      expect(list.map((p) => [p.round, p.member.name, p.escalation.outcome])).toEqual([
        [1, 'Claire Dupont', 'escalated'],
        [2, 'Anne Roux', null],
      ]);
      expect(peers.smtp.received.filter((m) => m.envelope.to[0] === b.email)).toHaveLength(1);
      expect(peers.smtp.received.find((m) => m.envelope.to[0] === b.email)!.subject).toContain('(relance 1)');
      expect(peers.sms.jobs.filter((j) => j.receivers[0] === b.phone)).toHaveLength(1);

      // Ten more minutes: round 3 wraps round to the on-call member.
      await makeDue(t);
      await sweeper.sweep();
      list = await pages(t, admin, event.id);
      expect(list.map((p) => [p.round, p.member.name])).toEqual([
        [1, 'Claire Dupont'],
        [2, 'Anne Roux'],
        [3, 'Claire Dupont'],
      ]);
      expect(peers.smtp.received.filter((m) => m.envelope.to[0] === a.email)).toHaveLength(2);

      // Two escalation rounds were configured: the next due time ends it, said once.
      await makeDue(t);
      await sweeper.sweep();
      await makeDue(t);
      await sweeper.sweep();
      list = await pages(t, admin, event.id);
      expect(list).toHaveLength(3);
      expect(list[2].escalation.outcome).toBe('exhausted');
      expect(await auditActions(t, admin, 'cell.escalated')).toHaveLength(2);
      const [exhausted, ...more] = await auditActions(t, admin, 'cell.escalation_exhausted');
      expect(more).toEqual([]);
      expect(exhausted.payload).toMatchObject({ role: 'chief', rounds: 2, eventId: event.id });
      const panel = (await t.http().get(`/api/events/${event.id}/cell`).set('Authorization', `Bearer ${admin}`)).body;
      expect(panel.roles.find((r: { role: string }) => r.role === 'chief')).toMatchObject({ escalations: 2, exhausted: true, acknowledged: null });

      // A late answer still counts (the link is valid two hours).
      expect((await t.http().post(new URL(peers.linkFor(a.email)).pathname)).status).toBe(200);
    } finally {
      await t.close();
      await peers.stop();
    }
  });

  it('stops escalating a role as soon as anyone for it acknowledges', async () => {
    const peers = await new CellPeers().start();
    const t = await startTestApp({ ...peers.env(), CELL_REQUIRED_ROLES: 'chief,writer', CELL_SWEEP_SECONDS: '3600' });
    try {
      const { admin, a, event } = await setup(t);
      const sweeper = t.app.get(CellEscalationService);
      expect((await t.http().post(new URL(peers.linkFor(a.email)).pathname)).status).toBe(200);
      await makeDue(t);
      await sweeper.sweep();
      const list = await pages(t, admin, event.id);
      expect(list).toHaveLength(1);
      expect(list[0].escalation.outcome).toBe('acknowledged');
      expect(await auditActions(t, admin, 'cell.escalated')).toEqual([]);
      expect(peers.smtp.received).toHaveLength(1);
    } finally {
      await t.close();
      await peers.stop();
    }
  });

  it('an escalation that fell due while the app was stopped happens once at the next start, by the periodic sweep', async () => {
    const peers = await new CellPeers().start();
    const db = await createTestDatabase();
    const env = { ...peers.env(), CELL_REQUIRED_ROLES: 'chief', CELL_ACK_SECRET: 'x'.repeat(40) };
    let t = await startTestApp({ ...env, CELL_SWEEP_SECONDS: '3600' }, { db });
    try {
      const { event, b } = await setup(t);
      await t.close();
      // While stopped, the ten minutes pass.
      const admin = new (await import('pg')).Client({ connectionString: db.url });
      await admin.connect();
      await admin.query(`UPDATE cell_pages SET escalate_at = clock_timestamp() - interval '5 minutes'`);
      await admin.end();

      t = await startTestApp({ ...env, CELL_SWEEP_SECONDS: '1' }, { db });
      const token = await t.adminToken();
      const deadline = Date.now() + 60_000;
      while ((await pages(t, token, event.id)).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      await new Promise((r) => setTimeout(r, 2500)); // two more sweeps: still one escalation
      const list = await pages(t, token, event.id);
      expect(list.map((p) => [p.round, p.member.name])).toEqual([
        [1, 'Claire Dupont'],
        [2, 'Anne Roux'],
      ]);
      expect(peers.smtp.received.filter((m) => m.envelope.to[0] === b.email)).toHaveLength(1);
      expect(await auditActions(t, token, 'cell.escalated')).toHaveLength(1);
    } finally {
      await t.close();
      await db.stop();
      await peers.stop();
    }
  });
});
