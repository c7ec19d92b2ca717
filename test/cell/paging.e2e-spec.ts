import { createHash } from 'node:crypto';
import { signAckToken } from '../../src/domain/cell/ack-token';
import { EXERCISE_MARKING } from '../../src/domain/messages/exercise-marking';
import { createEvent } from '../events/support';
import { startTestApp, TestApp } from '../support/test-app';
import { ACK_SECRET, addMember, addRotation, auditActions, CellPeers, standardCell } from './support';

type Clock = { key: string; status: string; metAt: string | null; startedAt: string | null };

describe('calling the cell, through HTTP, with real SMTP and SMS peers on loopback', () => {
  jest.setTimeout(180_000);
  let peers: CellPeers;
  let t: TestApp;
  let duty: { token: string; username: string };
  let admin: string;

  beforeEach(async () => {
    peers = await new CellPeers().start();
    t = await startTestApp({ ...peers.env(), CELL_ACK_SECRET: ACK_SECRET });
    admin = await t.adminToken();
    duty = await t.userWithRole('duty_officer', 'astreinte');
  });
  afterEach(async () => {
    await t?.close();
    await peers?.stop();
  });

  const auth = () => ({ Authorization: `Bearer ${duty.token}` });
  const panel = async (eventId: string) => (await t.http().get(`/api/events/${eventId}/cell`).set(auth())).body;
  const c1 = async (eventId: string) => ((await t.http().get(`/api/events/${eventId}/commitments`).set(auth())).body.commitments as Clock[]).find((c) => c.key === 'C1')!;
  const pathOf = (link: string) => new URL(link).pathname;

  it('pages every on-call member by email and SMS, takes acknowledgements from the received links, and C1 is met when the last required role answers', async () => {
    const { members } = await standardCell(t, admin);
    const event = await createEvent(t, duty.token);
    expect((await c1(event.id)).status).toBe('not_started');

    const call = await t.http().post(`/api/events/${event.id}/cell-activation`).set(auth());
    expect(call.status).toBe(201);
    expect(call.body.complete).toBe(true);
    expect(call.body.errors).toEqual([]);
    expect(call.body.c1Started).toBe(true);
    expect(call.body.pages.map((p: { role: string; member: { name: string } }) => `${p.role}:${p.member.name}`).sort()).toEqual([
      'chief:Claire Dupont',
      'press:Paul Morel',
      'social_media:Lina Haddad',
      'writer:Marc Petit',
    ]);
    for (const p of call.body.pages) {
      expect(p.deliveries.email.status).toBe('sent');
      expect(p.deliveries.sms.status).toBe('sent');
      expect(p.sent).toBe(true);
    }
    expect((await c1(event.id)).status).toBe('pending');

    // What the providers received: one email and one SMS per member, each with a personal link.
    expect(peers.smtp.received.map((m) => m.envelope.to[0]).sort()).toEqual(
      Object.values(members)
        .map((m) => m.email)
        .sort(),
    );
    expect(peers.sms.jobs.map((j) => j.receivers[0]).sort()).toEqual(
      Object.values(members)
        .map((m) => m.phone)
        .sort(),
    );
    const chiefMail = peers.smtp.received.find((m) => m.envelope.to[0] === members.chief.email)!;
    expect(chiefMail.subject).toBe("Appel de la cellule de communication d'urgence : Feu de forêt — massif de la Vologne");
    expect(chiefMail.text).toContain('comme chef de cellule');
    expect(chiefMail.text).not.toContain(EXERCISE_MARKING);
    const chiefLink = peers.linkFor(members.chief.email);
    const smsToChief = peers.sms.jobs.find((j) => j.receivers[0] === members.chief.phone)!;
    expect(smsToChief.message).toContain(chiefLink);

    // The chief opens the link: a page with a button, nothing recorded yet (a mail scanner would stop here).
    const shown = await t.http().get(pathOf(chiefLink));
    expect(shown.status).toBe(200);
    expect(shown.headers['content-type']).toMatch(/text\/html/);
    expect(shown.headers['cache-control']).toBe('no-store');
    expect(shown.text).toContain('Je prends en compte');
    const form = shown.text.match(/<form method="post" action="([^"]+)"/)![1];
    expect(form).toBe(pathOf(chiefLink));
    expect((await panel(event.id)).roles.find((r: { role: string }) => r.role === 'chief').acknowledged).toBeNull();

    // ...and presses the button.
    const confirmed = await t.http().post(form).type('form').send('');
    expect(confirmed.status).toBe(200);
    expect(confirmed.text).toContain('Votre prise en compte est enregistrée');
    expect(confirmed.text).toContain('Claire Dupont');

    // Two more through their links, the last one recorded from the console (answered by phone).
    for (const role of ['writer', 'social_media']) {
      const r = await t.http().post(pathOf(peers.linkFor(members[role].email)));
      expect(r.status).toBe(200);
    }
    let p = await panel(event.id);
    expect(p.operationalAt).toBeNull();
    expect(p.readiness).toEqual({ ready: false, missing: ['press'] });
    const pressPage = p.pages.find((x: { role: string }) => x.role === 'press');
    const consoleAck = await t.http().post(`/api/events/${event.id}/cell/pages/${pressPage.id}/ack`).set(auth());
    expect(consoleAck.status).toBe(200);
    expect(consoleAck.body.operational).toBe(true);
    // Recorded twice (two people on the phone at once): the second is told who and when.
    const again = await t.http().post(`/api/events/${event.id}/cell/pages/${pressPage.id}/ack`).set(auth());
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('page_already_acknowledged');
    expect(again.body.details).toEqual({ memberName: pressPage.member.name, ackedAtParis: expect.stringMatching(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/) });

    p = await panel(event.id);
    expect(p.readiness.ready).toBe(true);
    expect(p.operationalAt).not.toBeNull();
    expect(p.pages.find((x: { role: string }) => x.role === 'press').acknowledgement).toMatchObject({ via: 'console', by: 'astreinte' });
    expect(p.pages.find((x: { role: string }) => x.role === 'chief').acknowledgement).toMatchObject({ via: 'link', by: 'Claire Dupont' });

    const clock = await c1(event.id);
    expect(clock.status).toBe('met');
    expect(clock.metAt).toBe(p.operationalAt);

    // The evidence: the call, four pages and their sending, four acknowledgements, the operational declaration.
    const actions = (await auditActions(t, admin)).map((e) => e.action).filter((a) => a.startsWith('cell.') && !a.startsWith('cell.member') && !a.startsWith('cell.rotation'));
    expect(actions.filter((a) => a === 'cell.called')).toHaveLength(1);
    expect(actions.filter((a) => a === 'cell.paged')).toHaveLength(4);
    expect(actions.filter((a) => a === 'cell.page_sent')).toHaveLength(4);
    expect(actions.filter((a) => a === 'cell.acknowledged')).toHaveLength(4);
    expect(actions.filter((a) => a === 'cell.operational')).toHaveLength(1);
    const timeline = (await t.http().get(`/api/events/${event.id}/timeline`).set(auth())).body.entries.map((e: { action: string }) => e.action);
    expect(timeline).toEqual(expect.arrayContaining(['cell.called', 'cell.paged', 'cell.acknowledged', 'cell.operational']));

    // No acknowledgement token in the logs or the audit log.
    const token = pathOf(chiefLink).split('/').pop()!;
    expect(t.logs.join('\n')).not.toContain(token);
    expect(JSON.stringify(await auditActions(t, admin))).not.toContain(token);
  });

  it('refuses a reused, tampered or expired link with a clear page and changes nothing', async () => {
    const { members } = await standardCell(t, admin);
    const event = await createEvent(t, duty.token);
    expect((await t.http().post(`/api/events/${event.id}/cell-activation`).set(auth())).status).toBe(201);
    const link = pathOf(peers.linkFor(members.writer.email));
    expect((await t.http().post(link)).status).toBe(200);
    const entries = (await auditActions(t, admin)).length;
    const before = await panel(event.id);

    const reused = await t.http().post(link);
    expect(reused.status).toBe(409);
    expect(reused.text).toContain('Ce lien a déjà été utilisé');
    const reopened = await t.http().get(link);
    expect(reopened.status).toBe(409);

    const token = link.split('/').pop()!;
    const tampered = token.slice(0, 5) + (token[5] === 'A' ? 'B' : 'A') + token.slice(6);
    for (const bad of [tampered, token.slice(0, 40), 'nimportequoi']) {
      for (const method of ['get', 'post'] as const) {
        const r = await t.http()[method](`/cell/ack/${bad}`);
        expect(r.status).toBe(400);
        expect(r.text).toContain("Ce lien de prise en compte n'est pas reconnu");
        expect(r.text).toContain("Rien n'a été enregistré");
      }
    }

    // An expired link to a page nobody has acknowledged: signed with the real key, its expiry in the past.
    const chiefPage = before.pages.find((x: { role: string }) => x.role === 'chief');
    const [{ ack_jti: jti }] = await t.app.get((await import('typeorm')).DataSource).query('SELECT ack_jti FROM cell_pages WHERE id = $1', [chiefPage.id]);
    const key = createHash('sha256').update(ACK_SECRET).digest();
    const expired = signAckToken(jti, new Date(Date.now() - 60_000), key);
    for (const method of ['get', 'post'] as const) {
      const r = await t.http()[method](`/cell/ack/${expired}`);
      expect(r.status).toBe(410);
      expect(r.text).toContain('Ce lien a expiré');
    }

    expect((await auditActions(t, admin)).length).toBe(entries);
    expect(await panel(event.id)).toEqual(before);
  });

  it('a link acknowledges its own page only; a token for a real page signed with another key is refused', async () => {
    const { members } = await standardCell(t, admin);
    const event = await createEvent(t, duty.token);
    expect((await t.http().post(`/api/events/${event.id}/cell-activation`).set(auth())).status).toBe(201);
    const before = await panel(event.id);
    const chiefPage = before.pages.find((x: { role: string }) => x.role === 'chief');
    const [{ ack_jti: jti }] = await t.app.get((await import('typeorm')).DataSource).query('SELECT ack_jti FROM cell_pages WHERE id = $1', [chiefPage.id]);
    const otherKey = createHash('sha256').update('another-instance-secret-0123456789abcdef').digest();
    const forged = signAckToken(jti, new Date(Date.now() + 3_600_000), otherKey);
    for (const method of ['get', 'post'] as const) {
      const r = await t.http()[method](`/cell/ack/${forged}`);
      expect(r.status).toBe(400);
    }
    expect(await panel(event.id)).toEqual(before);

    // The writer's link acknowledges the writer's page, and nobody else's.
    expect((await t.http().post(pathOf(peers.linkFor(members.writer.email)))).status).toBe(200);
    const after = await panel(event.id);
    const acked = after.pages.filter((x: { acknowledgement: unknown }) => x.acknowledgement).map((x: { role: string }) => x.role);
    expect(acked).toEqual(['writer']);
  });

  it('pages the covered roles and reports at once each role that has nobody on call', async () => {
    const chief = await addMember(t, admin, 'Claire Dupont', 'chief', 0);
    const writer = await addMember(t, admin, 'Marc Petit', 'writer', 1);
    await addRotation(t, admin, 'chief', [chief.id]);
    await addRotation(t, admin, 'writer', [writer.id]);
    const event = await createEvent(t, duty.token);

    const call = await t.http().post(`/api/events/${event.id}/cell-activation`).set(auth());
    expect(call.status).toBe(201);
    expect(call.body.complete).toBe(false);
    expect(call.body.errors.map((e: { code: string; role: string }) => `${e.code}:${e.role}`)).toEqual(['role_uncovered:social_media', 'role_uncovered:press']);
    expect(call.body.errors[0].message).toContain("Personne n'est d'astreinte comme réseaux sociaux");
    expect(call.body.pages.map((p: { role: string }) => p.role).sort()).toEqual(['chief', 'writer']);
    expect(peers.smtp.received.map((m) => m.envelope.to[0]).sort()).toEqual([chief.email, writer.email].sort());

    const p = await panel(event.id);
    expect(p.activations[0].uncoveredRoles).toEqual(['social_media', 'press']);
    const [called] = await auditActions(t, admin, 'cell.called');
    expect(called.payload.uncoveredRoles).toEqual(['social_media', 'press']);
  });

  it('refuses a call when nobody at all is on call, and records nothing (C1 not started)', async () => {
    const event = await createEvent(t, duty.token);
    const call = await t.http().post(`/api/events/${event.id}/cell-activation`).set(auth());
    expect(call.status).toBe(409);
    expect(call.body.error).toBe('cell_nobody_on_call');
    expect(call.body.message).toContain('nobody was paged');
    expect((await c1(event.id)).status).toBe('not_started');
    expect(await auditActions(t, admin, 'cell.called')).toEqual([]);
    expect((await panel(event.id)).activations).toEqual([]);
    expect(peers.smtp.accepted).toBe(0);
  });

  it('refuses a call for an unknown or closed event and a call by a reviewer', async () => {
    const reviewer = await t.userWithRole('reviewer');
    const event = await createEvent(t, duty.token);
    expect((await t.http().post(`/api/events/${event.id}/cell-activation`).set('Authorization', `Bearer ${reviewer.token}`)).status).toBe(403);
    expect((await t.http().post('/api/events/00000000-0000-4000-8000-000000000000/cell-activation').set(auth())).status).toBe(404);
    await t.http().post(`/api/events/${event.id}/close`).set(auth()).send({});
    const closed = await t.http().post(`/api/events/${event.id}/cell-activation`).set(auth());
    expect(closed.status).toBe(409);
    expect(closed.body.error).toBe('event_closed');
  });

  it('in an exercise, pages members (staff) through the same channels, every part marked EXERCICE', async () => {
    await standardCell(t, admin);
    const event = await createEvent(t, duty.token, { mode: 'exercise', title: 'Exercice inondation Moselle' });
    const call = await t.http().post(`/api/events/${event.id}/cell-activation`).set(auth());
    expect(call.status).toBe(201);
    for (const p of call.body.pages) expect(p.deliveries.email.status).toBe('sent');
    expect(peers.smtp.received).toHaveLength(4);
    for (const m of peers.smtp.received) {
      expect(m.subject).toContain(EXERCISE_MARKING);
      expect(m.text).toContain(EXERCISE_MARKING);
    }
    for (const j of peers.sms.jobs) expect(j.message).toContain(EXERCISE_MARKING);
    const link = peers.smtp.received[0].text!.match(/\/cell\/ack\/[A-Za-z0-9_-]{48}/)![0];
    expect((await t.http().get(link)).text).toContain(EXERCISE_MARKING);
  });
});

describe('declaring the cell operational by hand', () => {
  jest.setTimeout(180_000);

  it('with automatic declaration off: all roles answered is not enough, the chief declares, C1 is met, a second declaration is refused', async () => {
    const peers = await new CellPeers().start();
    const t = await startTestApp({ ...peers.env(), CELL_AUTO_OPERATIONAL: 'false' });
    try {
      const admin = await t.adminToken();
      const comm = await t.userWithRole('communication');
      const duty = await t.userWithRole('duty_officer');
      const auth = { Authorization: `Bearer ${duty.token}` };
      const event = await createEvent(t, duty.token);

      const early = await t.http().post(`/api/events/${event.id}/cell-operational`).set(auth).send({});
      expect(early.status).toBe(409);
      expect(early.body.error).toBe('cell_not_called');

      const { members } = await standardCell(t, admin);
      await t.http().post(`/api/events/${event.id}/cell-activation`).set(auth).expect(201);
      for (const m of Object.values(members))
        await t
          .http()
          .post(new URL(peers.linkFor(m.email)).pathname)
          .expect(200);
      const panel = (await t.http().get(`/api/events/${event.id}/cell`).set(auth)).body;
      expect(panel.readiness.ready).toBe(true);
      expect(panel.operationalAt).toBeNull();

      const declared = await t
        .http()
        .post(`/api/events/${event.id}/cell-operational`)
        .set({ Authorization: `Bearer ${comm.token}` })
        .send({ declaredBy: 'Claire Dupont' });
      expect(declared.status).toBe(200);
      expect(declared.body.missingRoles).toEqual([]);
      const clocks = (await t.http().get(`/api/events/${event.id}/commitments`).set(auth)).body.commitments as Clock[];
      const c1 = clocks.find((c) => c.key === 'C1')!;
      expect(c1.status).toBe('met');
      expect(c1.metAt).toBe(declared.body.operationalAt);
      const [entry] = await auditActions(t, admin, 'cell.operational');
      expect(entry.payload).toMatchObject({ auto: false, declaredBy: 'Claire Dupont' });

      const again = await t.http().post(`/api/events/${event.id}/cell-operational`).set(auth).send({});
      expect(again.status).toBe(409);
      expect(again.body.error).toBe('cell_already_operational');
      expect(await auditActions(t, admin, 'cell.operational')).toHaveLength(1);
    } finally {
      await t.close();
      await peers.stop();
    }
  });
});
