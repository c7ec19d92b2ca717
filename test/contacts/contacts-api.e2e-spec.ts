import { createEvent } from '../events/support';
import { startTestApp, TestApp } from '../support/test-app';
import { auditOf, importCsv, SAMPLE } from './support';

describe('contacts and distribution lists, through HTTP', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let writer: string;
  let reviewer: string;
  let prefect: string;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const mayor = { kind: 'mayor', name: 'Anne Test', organisation: 'Mairie de Gérardmer', communeInsee: '88196', email: 'Anne.Test@Example.org', mobile: '06 39 98 01 01' };

  beforeAll(async () => {
    t = await startTestApp();
    writer = (await t.userWithRole('duty_officer')).token;
    reviewer = (await t.userWithRole('reviewer')).token;
    prefect = (await t.userWithRole('prefect')).token;
  });
  afterAll(() => t.close());

  describe('create', () => {
    it('creates a contact, normalised, with an audit entry that holds no address', async () => {
      const res = await t.http().post('/api/contacts').set(as(writer)).send(mayor);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind: 'mayor', group: 'elected', communeName: 'Gérardmer', email: 'anne.test@example.org', mobile: '+33639980101', active: true, exerciseParticipant: false });
      const [entry] = await auditOf(t, 'contact.created');
      expect(entry.payload).toEqual({ kind: 'mayor', name: 'Anne Test', organisation: 'Mairie de Gérardmer', communeInsee: '88196', hasEmail: true, hasMobile: true, exerciseParticipant: false });
    });

    it('refuses the same contact twice with 409 naming the existing one', async () => {
      const res = await t
        .http()
        .post('/api/contacts')
        .set(as(writer))
        .send({ ...mayor, email: 'other@example.org' });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('contact_exists');
      expect(res.body.message).toMatch(/already exists with id [0-9a-f-]{36}/);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['an unknown kind', { ...mayor, kind: 'maire' }, 'kind must be one of: mayor, deputy_mayor'],
      ['no name', { ...mayor, name: undefined }, 'name must'],
      ['an unknown field', { ...mayor, emial: 'x@example.org' }, 'property emial should not exist'],
      ['a bad email', { ...mayor, email: 'anne@' }, 'email: "anne@" is not a valid email address'],
      ['a landline as mobile', { ...mayor, mobile: '03 29 69 88 88' }, 'mobile: "03 29 69 88 88" is a landline or service number'],
      ['a number that is not one', { ...mayor, mobile: '06 12' }, 'mobile: "06 12" is not a valid phone number'],
      ['an unknown commune', { ...mayor, communeInsee: '88999' }, 'communeInsee: 88999 is not the INSEE code of any commune'],
      ['a postal code instead of the INSEE code', { ...mayor, communeInsee: '88000' }, 'communeInsee: 88000 is a postal code, not an INSEE code: 88160 for Épinal'],
      ['a mayor without a commune', { ...mayor, communeInsee: undefined }, 'communeInsee: a mayor needs the INSEE code'],
      ['neither email nor mobile', { kind: 'mp', name: 'Sans Adresse' }, 'needs an email address or a mobile number'],
      ['exerciseParticipant as a word', { ...mayor, exerciseParticipant: 'oui' }, 'exerciseParticipant must be true or false'],
    ])('refuses %s with 400 and a message a person reads', async (_label, body, message) => {
      const res = await t.http().post('/api/contacts').set(as(writer)).send(body);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(message);
    });
  });

  describe('read, change, delete', () => {
    let id: string;
    beforeAll(async () => {
      expect((await importCsv(t, writer, SAMPLE)).status).toBe(200);
      id = (await t.http().get('/api/contacts?q=Anne%20Test').set(as(writer))).body.items[0].id;
    });

    it('lists with filters and pages, for every role', async () => {
      const all = await t.http().get('/api/contacts?pageSize=10&page=2').set(as(reviewer));
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ total: 55, page: 2, pageSize: 10 });
      expect(all.body.items).toHaveLength(10);
      const media = await t.http().get('/api/contacts?kind=newsroom').set(as(prefect));
      expect(media.body.total).toBe(6);
      const gerardmer = await t.http().get('/api/contacts?commune=88196').set(as(reviewer));
      expect(gerardmer.body.items.map((c: { name: string }) => c.name).sort()).toEqual(['Anne Test', 'Nathalie Perrin']);
      const search = await t.http().get('/api/contacts?q=gazette').set(as(reviewer));
      expect(search.body.items).toEqual([expect.objectContaining({ organisation: 'La Gazette des Crêtes' })]);
      const percent = await t.http().get('/api/contacts?q=%25').set(as(reviewer));
      expect(percent.body.total).toBe(0);
    });

    it.each([
      ['kind=maire', 'kind must be one of'],
      ['commune=Epinal', 'commune must be an INSEE commune code'],
      ['page=0', 'page must be a whole number from 1'],
      ['includeInactive=oui', 'includeInactive must be true or false'],
    ])('refuses the query %s', async (query, message) => {
      const res = await t.http().get(`/api/contacts?${query}`).set(as(reviewer));
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(message);
    });

    it('changes a contact: a new mobile, the email removed; the audit names the fields, not the values', async () => {
      const res = await t.http().patch(`/api/contacts/${id}`).set(as(writer)).send({ mobile: '+33 6 39 98 01 02', email: null, exerciseParticipant: true });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ mobile: '+33639980102', email: null, exerciseParticipant: true });
      const entries = await auditOf(t, 'contact.updated');
      expect(entries.at(-1)!.payload).toEqual({ changed: ['email', 'mobile', 'exerciseParticipant'] });
    });

    it('answers a change that changes nothing with the contact as it is, and writes no audit entry', async () => {
      const before = (await auditOf(t, 'contact.updated')).length;
      // On the embedded database this once waited forever: the answer was read outside the open transaction.
      const res = await t.http().patch(`/api/contacts/${id}`).set(as(writer)).send({ name: 'Anne Test', mobile: '06 39 98 01 02' }).timeout(30_000);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, name: 'Anne Test', mobile: '+33639980102', email: null });
      expect(await auditOf(t, 'contact.updated')).toHaveLength(before);
    });

    it.each<[string, Record<string, unknown>, number, string]>([
      ['removing the last address', { mobile: null }, 400, 'needs an email address or a mobile number'],
      ['clearing the kind', { kind: null }, 400, 'kind must be one of'],
      ['a bad commune', { communeInsee: '88204' }, 400, '88204 is Girmont, a delegated commune'],
      ['making it a copy of another contact', { name: 'Sophie Marchal', organisation: "Mairie d'Épinal", communeInsee: '88160' }, 409, 'already exists'],
    ])('refuses %s', async (_label, body, status, message) => {
      const res = await t.http().patch(`/api/contacts/${id}`).set(as(writer)).send(body);
      expect(res.status).toBe(status);
      expect(res.body.message).toContain(message);
      const now = await t.http().get(`/api/contacts/${id}`).set(as(writer));
      expect(now.body).toMatchObject({ name: 'Anne Test', mobile: '+33639980102', communeInsee: '88196' });
    });

    it('says 404 for an unknown contact', async () => {
      for (const bad of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
        const res = await t.http().patch(`/api/contacts/${bad}`).set(as(writer)).send({ name: 'X' });
        expect(res.status).toBe(404);
        expect(res.body.message).toContain(`No contact with id ${bad}`);
      }
    });

    it('deletes softly: inactive, hidden from the list, back with PATCH active=true', async () => {
      const del = await t.http().delete(`/api/contacts/${id}`).set(as(writer));
      expect(del.status).toBe(200);
      expect(del.body.active).toBe(false);
      expect((await t.http().get('/api/contacts?q=Anne%20Test').set(as(writer))).body.total).toBe(0);
      expect((await t.http().get('/api/contacts?q=Anne%20Test&includeInactive=true').set(as(writer))).body.total).toBe(1);
      expect(await auditOf(t, 'contact.deactivated')).toHaveLength(1);
      const back = await t.http().patch(`/api/contacts/${id}`).set(as(writer)).send({ active: true });
      expect(back.body.active).toBe(true);
    });

    it('lets a reviewer and a prefect read but not write', async () => {
      for (const token of [reviewer, prefect]) {
        expect((await t.http().get(`/api/contacts/${id}`).set(as(token))).status).toBe(200);
        expect(
          (
            await t
              .http()
              .post('/api/contacts')
              .set(as(token))
              .send({ ...mayor, name: 'Autre' })
          ).status,
        ).toBe(403);
        expect((await t.http().patch(`/api/contacts/${id}`).set(as(token)).send({ name: 'X' })).status).toBe(403);
        expect((await t.http().delete(`/api/contacts/${id}`).set(as(token))).status).toBe(403);
        expect((await t.http().post('/api/contacts/lists').set(as(token)).send({ name: 'x', memberIds: [] })).status).toBe(403);
      }
      expect((await t.http().get('/api/contacts')).status).toBe(401);
    });
  });

  describe('distribution lists', () => {
    it('lists the dynamic lists and the static ones of the import', async () => {
      const res = await t.http().get('/api/contacts/lists').set(as(reviewer));
      expect(res.status).toBe(200);
      const byName = Object.fromEntries(res.body.map((l: { name: string }) => [l.name, l]));
      expect(byName.mayors_of_affected_communes).toMatchObject({ kind: 'dynamic', needsEvent: true, memberCount: null });
      expect(byName.elected_all).toMatchObject({ kind: 'dynamic', needsEvent: false });
      expect(byName['presse-prioritaire']).toMatchObject({ kind: 'static', memberCount: 5 });
    });

    it('creates a static list and shows its members', async () => {
      const ids = (await t.http().get('/api/contacts?kind=senator').set(as(writer))).body.items.map((c: { id: string }) => c.id);
      const res = await t.http().post('/api/contacts/lists').set(as(writer)).send({ name: 'sénateurs', description: 'Les deux sénateurs', memberIds: ids });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name: 'sénateurs', kind: 'static', memberCount: 2 });
      const members = await t.http().get(`/api/contacts/lists/${res.body.id}/members`).set(as(reviewer));
      expect(members.body.members.map((c: { kind: string }) => c.kind)).toEqual(['senator', 'senator']);
      expect((await auditOf(t, 'contacts.list_created')).at(-1)!.payload).toEqual({ name: 'sénateurs', kind: 'static', memberCount: 2 });
    });

    it.each<[string, Record<string, unknown>, number, string]>([
      ['a name taken', { name: 'sénateurs', memberIds: [] }, 409, 'already exists'],
      ['a dynamic list name', { name: 'elected_all', memberIds: [] }, 409, 'already exists'],
      ['an unknown member', { name: 'x', memberIds: ['00000000-0000-4000-8000-000000000000'] }, 400, 'No active contact has the id 00000000-0000-4000-8000-000000000000'],
      ['a member id that is not one', { name: 'x', memberIds: ['12'] }, 400, 'each of memberIds must be a contact id'],
      ['no name', { memberIds: [] }, 400, 'name must'],
    ])('refuses %s', async (_label, body, status, message) => {
      const res = await t.http().post('/api/contacts/lists').set(as(writer)).send(body);
      expect(res.status).toBe(status);
      expect(res.body.message).toContain(message);
    });

    it('evaluates the mayors of the affected communes for an event, and asks for the event when missing', async () => {
      const lists = (await t.http().get('/api/contacts/lists').set(as(reviewer))).body as { id: string; name: string }[];
      const mayors = lists.find((l) => l.name === 'mayors_of_affected_communes')!;
      const without = await t.http().get(`/api/contacts/lists/${mayors.id}/members`).set(as(reviewer));
      expect(without.status).toBe(400);
      expect(without.body.message).toContain('add ?eventId=');
      const event = await createEvent(t, writer, { communes: ['88160', '88196'] });
      const res = await t.http().get(`/api/contacts/lists/${mayors.id}/members?eventId=${event.id}`).set(as(reviewer));
      expect(res.status).toBe(200);
      expect(res.body.communes).toEqual(['88160', '88196']);
      expect(res.body.members.map((c: { name: string; communeInsee: string }) => `${c.communeInsee} ${c.name}`).sort()).toEqual([
        '88160 Karine Remy',
        '88160 Sophie Marchal',
        '88196 Anne Test',
        '88196 Nathalie Perrin',
      ]);
      const unknownEvent = await t.http().get(`/api/contacts/lists/${mayors.id}/members?eventId=00000000-0000-4000-8000-000000000000`).set(as(reviewer));
      expect(unknownEvent.status).toBe(404);
      expect((await t.http().get('/api/contacts/lists/nope/members').set(as(reviewer))).status).toBe(404);
    });
  });
});
