import { startTestApp, TestApp } from '../support/test-app';
import { addMember, addRotation, auditActions } from './support';

describe('the cell roster through HTTP: members, rotations, overrides, on call, coverage', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let admin: string;
  const auth = () => ({ Authorization: `Bearer ${admin}` });

  beforeAll(async () => {
    t = await startTestApp({ CELL_REQUIRED_ROLES: 'chief,writer' });
    admin = await t.adminToken();
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['a landline', { phone: '03 29 69 88 88' }, 'member_phone_not_mobile', 'not a mobile number'],
    ['no phone', { phone: undefined }, 'member_phone_missing', 'mobile phone number is required'],
    ['a phone too short', { phone: '06 12' }, 'member_phone_invalid', 'not a valid phone number'],
    ['no email', { email: '' }, 'member_email_missing', 'email address is required'],
    ['an email without @', { email: 'claire.vosges.gouv.fr' }, 'member_email_invalid', 'not a valid email address'],
    ['a role with spaces', { role: 'social media' }, 'cell_role_invalid', 'role must be a cell role'],
    ['no name', { name: '' }, 'member_name_invalid', 'name must be'],
  ])('refuses a member with %s, clearly, and writes nothing', async (_why, change, code, message) => {
    const before = (await auditActions(t, admin)).length;
    const res = await t
      .http()
      .post('/api/cell/members')
      .set(auth())
      .send({ name: 'Claire Dupont', role: 'chief', email: 'claire@vosges.gouv.fr', phone: '06 12 34 56 78', ...change });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(code);
    expect(res.body.message).toContain(message);
    expect((await t.http().get('/api/cell/members').set(auth())).body.filter((m: { email: string }) => m.email === 'claire@vosges.gouv.fr')).toEqual([]);
    expect((await auditActions(t, admin)).length).toBe(before);
  });

  it('refuses an unknown field and a change to a bad phone; stores a good member in E.164', async () => {
    const extra = await t.http().post('/api/cell/members').set(auth()).send({ name: 'X Y', role: 'chief', email: 'x@vosges.gouv.fr', phone: '0612345678', grade: 'A' });
    expect(extra.status).toBe(400);
    const ok = await addMember(t, admin, 'Jean Valjean', 'press', 7);
    expect(ok.phone).toBe('+33612345608');
    const bad = await t.http().patch(`/api/cell/members/${ok.id}`).set(auth()).send({ phone: '+33 3 29 69 88 88' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('member_phone_not_mobile');
    const list = (await t.http().get('/api/cell/members').set(auth())).body;
    expect(list.find((m: { id: string }) => m.id === ok.id).phone).toBe('+33612345608');
    expect((await t.http().patch('/api/cell/members/nope').set(auth()).send({ active: false })).status).toBe(404);
  });

  it('lets only admin and duty officer manage members', async () => {
    const reviewer = await t.userWithRole('reviewer');
    const comm = await t.userWithRole('communication');
    const body = { name: 'Z Z', role: 'chief', email: 'z@vosges.gouv.fr', phone: '0612345678' };
    expect((await t.http().post('/api/cell/members').set('Authorization', `Bearer ${reviewer.token}`).send(body)).status).toBe(403);
    expect((await t.http().post('/api/cell/members').set('Authorization', `Bearer ${comm.token}`).send(body)).status).toBe(403);
    expect((await t.http().get('/api/cell/members').set('Authorization', `Bearer ${reviewer.token}`)).status).toBe(403);
    expect((await t.http().get('/api/cell/coverage').set('Authorization', `Bearer ${reviewer.token}`)).status).toBe(200);
  });

  it.each([
    ['a start that is not a date', { startLocal: '2026-02-30T09:00' }, 'rotation_start_invalid'],
    ['a fraction of an hour', { shiftHours: 1.5 }, null],
    ['nobody', { memberIds: [] }, 'rotation_empty'],
    ['an unknown member', { memberIds: ['00000000-0000-4000-8000-000000000000'] }, 'rotation_unknown_member'],
  ])('refuses a rotation with %s', async (_why, change, code) => {
    const res = await t
      .http()
      .post('/api/cell/rotations')
      .set(auth())
      .send({ role: 'writer', startLocal: '2026-03-23T09:00', shiftHours: 168, memberIds: ['00000000-0000-4000-8000-000000000000'], ...change });
    expect(res.status).toBe(400);
    if (code) expect(res.body.error).toBe(code);
    else expect(res.body.message).toContain('shiftHours must be a whole number of hours');
  });

  it('says who is on call across the spring daylight-saving change, with swaps and leaves', async () => {
    const a = await addMember(t, admin, 'Alice Martin', 'chief', 0);
    const b = await addMember(t, admin, 'Bruno Leroy', 'chief', 1);
    const c = await addMember(t, admin, 'Chloe Girard', 'chief', 2);
    await addRotation(t, admin, 'chief', [a.id, b.id], '2026-03-23T09:00');
    const onCall = async (at: string) => {
      const res = await t
        .http()
        .get(`/api/cell/on-call?at=${encodeURIComponent(at)}`)
        .set(auth());
      expect(res.status).toBe(200);
      return res.body.roles.find((r: { role: string }) => r.role === 'chief');
    };
    expect((await onCall('2026-03-30T08:59:00+02:00')).onCall.name).toBe('Alice Martin');
    const monday = await onCall('2026-03-30T09:00:00+02:00');
    expect(monday.onCall.name).toBe('Bruno Leroy');
    expect(monday.backups.map((x: { name: string }) => x.name)).toEqual(['Alice Martin']);
    expect(monday.slot).toMatchObject({ startParis: '30/03/2026 09:00', endParis: '06/04/2026 09:00' });

    const leave = await t.http().post('/api/cell/overrides').set(auth()).send({ kind: 'leave', memberId: b.id, from: '2026-03-30T00:00:00+02:00', to: '2026-04-02T00:00:00+02:00', reason: 'congé' });
    expect(leave.status).toBe(201);
    expect((await onCall('2026-03-31T12:00:00+02:00')).onCall.name).toBe('Alice Martin');
    const swap = await t.http().post('/api/cell/overrides').set(auth()).send({ kind: 'swap', memberId: c.id, role: 'chief', from: '2026-03-31T00:00:00+02:00', to: '2026-04-01T00:00:00+02:00' });
    expect(swap.status).toBe(201);
    expect(await onCall('2026-03-31T12:00:00+02:00')).toMatchObject({ onCall: { name: 'Chloe Girard', source: 'swap' } });
    expect((await onCall('2026-04-03T12:00:00+02:00')).onCall.name).toBe('Bruno Leroy');

    expect((await t.http().get('/api/cell/on-call?at=demain').set(auth())).status).toBe(400);
    expect((await t.http().get('/api/cell/on-call?at=2026-03-30T09:00').set(auth())).body.error).toBe('invalid_instant');
  });

  it.each([
    ['`to` before `from`', { kind: 'leave', from: '2026-04-02T00:00:00Z', to: '2026-04-01T00:00:00Z' }, 'override_interval_invalid'],
    ['a leave with a role', { kind: 'leave', role: 'chief', from: '2026-04-01T00:00:00Z', to: '2026-04-02T00:00:00Z' }, 'override_leave_role'],
    ['a swap without a role', { kind: 'swap', from: '2026-04-01T00:00:00Z', to: '2026-04-02T00:00:00Z' }, 'cell_role_invalid'],
    ['a time without offset', { kind: 'leave', from: '2026-04-01T00:00', to: '2026-04-02T00:00:00Z' }, 'invalid_instant'],
    ['an unknown member', { kind: 'leave', memberId: '00000000-0000-4000-8000-000000000000', from: '2026-04-01T00:00:00Z', to: '2026-04-02T00:00:00Z' }, 'cell_member_not_found'],
  ])('refuses an override with %s', async (_why, body, code) => {
    const m = (await t.http().get('/api/cell/members').set(auth())).body[0];
    const res = await t
      .http()
      .post('/api/cell/overrides')
      .set(auth())
      .send({ memberId: m.id, ...body });
    expect([400, 404]).toContain(res.status);
    expect(res.body.error).toBe(code);
  });

  it('lists the coverage gaps of the coming days, and shows them in /api/health', async () => {
    // writer is required and has no rotation: one gap over the whole window.
    const res = await t.http().get('/api/cell/coverage?days=7').set(auth());
    expect(res.status).toBe(200);
    const writer = res.body.gaps.filter((g: { role: string }) => g.role === 'writer');
    expect(writer).toHaveLength(1);
    expect(writer[0]).toMatchObject({ from: res.body.from, to: res.body.to, reason: 'no_rotation' });
    expect(writer[0].message).toContain("Personne d'astreinte comme rédacteur");
    expect((await t.http().get('/api/cell/coverage?days=0').set(auth())).status).toBe(400);
    expect((await t.http().get('/api/cell/coverage?days=abc').set(auth())).status).toBe(400);

    const health = await t.http().get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    expect(health.body.database.status).toBe('up');
    expect(health.body.cell.status).toBe('gaps');
    expect(health.body.cell.gaps.map((g: { role: string }) => g.role)).toContain('writer');
    expect(JSON.stringify(health.body.cell)).not.toMatch(/@|\+33/);
  });
});
