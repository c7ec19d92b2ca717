import { createEvent } from '../events/support';
import { startTestApp, TestApp } from '../support/test-app';
import { connect, listen } from './live-support';

describe('the socket.io gateway: authenticated handshake, rooms per event, after commit', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let url: string;
  let duty: { token: string; username: string };

  beforeAll(async () => {
    t = await startTestApp({ LIVE_SESSION_CHECK_SECONDS: '1' });
    url = await listen(t);
    duty = await t.userWithRole('duty_officer');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a handshake without a session, with an unknown token, and with a cookie sent from another site', async () => {
    await expect(connect(url)).rejects.toMatchObject({ data: { error: 'session_required' } });
    await expect(connect(url, { token: 'not-a-session-token' })).rejects.toMatchObject({ data: { error: 'session_required' } });
    const cookie = `crisis_session=${duty.token}`;
    await expect(connect(url, { headers: { cookie, origin: 'https://elsewhere.example' } })).rejects.toMatchObject({ data: { error: 'cross_origin' } });
    await expect(connect(url, { headers: { cookie: 'crisis_session=forged' } })).rejects.toMatchObject({ data: { error: 'session_required' } });

    // The console's own page: the cookie, from this server's origin.
    const viaCookie = await connect(url, { headers: { cookie, origin: url } });
    expect(viaCookie.socket.connected).toBe(true);
    viaCookie.close();
  });

  it('refuses to join a malformed or unknown event, with a readable message', async () => {
    const c = await connect(url, { token: duty.token });
    try {
      await expect(c.join('88160')).resolves.toMatchObject({ ok: false, error: 'bad_event_id' });
      await expect(c.join({ nested: true })).resolves.toMatchObject({ ok: false, error: 'bad_event_id' });
      const unknown = await c.join('00000000-0000-4000-8000-000000000000');
      expect(unknown).toMatchObject({ ok: false, error: 'event_not_found' });
      expect(unknown.message).toMatch(/No major event/);
    } finally {
      c.close();
    }
  });

  it('relays the events of an event to its room only', async () => {
    const auth = { Authorization: `Bearer ${duty.token}` };
    const a = await createEvent(t, duty.token, { title: 'Inondation — Moselle' });
    const b = await createEvent(t, duty.token, { title: 'Tempête — Hautes-Vosges' });
    const inA = await connect(url, { token: duty.token });
    const inB = await connect(url, { token: duty.token });
    const nowhere = await connect(url, { token: duty.token });
    try {
      expect(await inA.join(a.id)).toEqual({ ok: true, eventId: a.id });
      expect(await inB.join(b.id)).toEqual({ ok: true, eventId: b.id });

      expect((await t.http().post(`/api/events/${a.id}/cod-activation`).set(auth).send({ decidedBy: 'M. le Préfet' })).status).toBe(200);
      const gotA = await inA.next((r) => r.type === 'event.changed');
      expect(gotA.payload).toEqual({ eventId: a.id, type: 'event.changed', data: { action: 'event.cod_activated' } });
      await inA.next((r) => r.type === 'clock.changed');

      // B's change is emitted after A's: once B's socket has it, A's would have arrived before it.
      expect((await t.http().post(`/api/events/${b.id}/cod-activation`).set(auth).send({ decidedBy: 'M. le Préfet' })).status).toBe(200);
      await inB.next((r) => r.type === 'event.changed');
      await inA.next((r) => r.type === 'clock.changed' && r.payload.eventId === a.id);
      await new Promise((r) => setTimeout(r, 300));

      expect(inB.received.every((r) => r.payload.eventId === b.id)).toBe(true);
      expect(inA.received.every((r) => r.payload.eventId === a.id)).toBe(true);
      expect(nowhere.received).toEqual([]);

      // After leaving, nothing more arrives.
      expect(await inA.socket.timeout(30_000).emitWithAck('leave', { eventId: a.id })).toEqual({ ok: true, eventId: a.id });
      const before = inA.received.length;
      expect((await t.http().post(`/api/events/${a.id}/facts`).set(auth).send({ audience: 'media', description: 'Communiqué à l’AFP', means: 'courriel' })).status).toBe(201);
      await new Promise((r) => setTimeout(r, 500));
      expect(inA.received.length).toBe(before);
    } finally {
      inA.close();
      inB.close();
      nowhere.close();
    }
  });

  it('sends only what was committed: the change is readable when it arrives, a refused change sends nothing', async () => {
    const auth = { Authorization: `Bearer ${duty.token}` };
    const e = await createEvent(t, duty.token);
    const c = await connect(url, { token: duty.token });
    try {
      expect((await c.join(e.id)).ok).toBe(true);
      expect((await t.http().post(`/api/events/${e.id}/cod-activation`).set(auth).send({ decidedBy: 'M. le Préfet' })).status).toBe(200);
      await c.next((r) => r.type === 'clock.changed');

      // Refused (the COD is already active): rolled back, nothing published.
      expect((await t.http().post(`/api/events/${e.id}/cod-activation`).set(auth).send({ decidedBy: 'M. le Préfet' })).status).toBe(409);

      // On reception, read the timeline over another connection: the fact is already there.
      const seen = new Promise<string[]>((resolve) => {
        c.socket.once('event.changed', async () => {
          const res = await t.http().get(`/api/events/${e.id}/timeline`).set(auth);
          resolve(res.body.entries.map((x: { action: string }) => x.action));
        });
      });
      const fact = t.http().post(`/api/events/${e.id}/facts`).set(auth).send({ audience: 'elected', description: 'Appel aux maires', means: 'téléphone' });
      expect((await fact).status).toBe(201);
      expect(await seen).toContain('event.fact_recorded');
      await c.next((r) => r.type === 'clock.changed' && c.received.filter((x) => x.type === 'clock.changed').length === 2);
      // One activation, then the fact: the refused second activation sent nothing.
      expect(c.received.filter((r) => r.type === 'event.changed').map((r) => r.payload.data.action)).toEqual(['event.cod_activated', 'event.fact_recorded']);
    } finally {
      c.close();
    }
  });

  it('stops a socket whose session ended: join refused after logout, then disconnected by the session check', async () => {
    const e = await createEvent(t, duty.token);
    const user = await t.userWithRole('communication');
    const c = await connect(url, { token: user.token });
    const disconnected = new Promise<string>((resolve) => c.socket.once('disconnect', (reason) => resolve(reason)));
    expect((await c.join(e.id)).ok).toBe(true);
    expect((await t.http().post('/api/auth/logout').set('Authorization', `Bearer ${user.token}`)).status).toBe(204);
    const refused = await c.join(e.id).catch(() => ({ ok: false, error: 'disconnected' }));
    expect(refused.ok).toBe(false);
    expect(await disconnected).toBe('io server disconnect');
  });
});
