import { DataSource } from 'typeorm';
import { ContactImportService } from '../../src/modules/contacts/contact-import.service';
import { ContactsModule } from '../../src/modules/contacts/contacts.module';
import { ContactsService, Recipient } from '../../src/modules/contacts/contacts.service';
import { CONTACT_KINDS, ContactKind } from '../../src/domain/contacts/contact-kinds';
import { belongsToAudience, parseDynamicRule, RecipientAudience, SelectableContact, SelectableList, selectRecipients } from '../../src/domain/contacts/recipient-rules';
import { MediumModule, startMedium } from '../support/medium';
import { SAMPLE } from './support';

/** The lead's dispatch calls resolveRecipients; these tests call it as dispatch will, on the Vosges sample. */
describe('ContactsService.resolveRecipients', () => {
  jest.setTimeout(120_000);
  let t: MediumModule;
  let contacts: ContactsService;
  let listId: (name: string) => Promise<string>;
  const names = (rs: Recipient[]) => rs.map((r) => r.name).sort();

  beforeAll(async () => {
    t = await startMedium([ContactsModule]);
    // What POST /api/contacts/import does (its 200: imported, no bad line); the route itself is tested in contacts-import.e2e-spec.
    const report = await t.get(ContactImportService).importCsv(SAMPLE, { dryRun: false, skipBadLines: false }, { actor: 'redac', source: 'upload' });
    expect(report.errors).toEqual([]);
    contacts = t.get(ContactsService);
    listId = async (name) => (await t.sql<{ id: string }>('SELECT id FROM distribution_lists WHERE name = $1', [name]))[0].id;
  });
  afterAll(() => t.close());

  it('elected by default: mayors and deputy mayors of the affected communes, plus every elected official without a commune', async () => {
    const rs = await contacts.resolveRecipients({ audience: 'elected', communes: ['88160', '88196'], exerciseOnly: false });
    const kinds = await t.sql<{ name: string; kind: string; commune_insee: string | null }>('SELECT name, kind, commune_insee FROM contacts WHERE id = ANY($1::uuid[])', [rs.map((r) => r.contactId)]);
    expect(kinds.filter((k) => k.commune_insee !== null).every((k) => ['88160', '88196'].includes(k.commune_insee!))).toBe(true);
    expect(
      kinds
        .filter((k) => k.commune_insee !== null)
        .map((k) => k.name)
        .sort(),
    ).toEqual(['Karine Remy', 'Nathalie Perrin', 'Sophie Marchal']);
    // 4 MPs, 2 senators, 3 departmental and 2 regional councillors, none with a commune in the sample.
    expect(kinds.filter((k) => k.commune_insee === null)).toHaveLength(11);
    expect(kinds.some((k) => ['newsroom', 'agency', 'internal_service'].includes(k.kind))).toBe(false);
    const sophie = rs.find((r) => r.name === 'Sophie Marchal');
    expect(sophie).toEqual({ contactId: expect.any(String), name: 'Sophie Marchal', email: 'maire.epinal@example.org', mobile: '+33639980001', exerciseParticipant: true });
  });

  it('media by default: every newsroom and agency', async () => {
    const rs = await contacts.resolveRecipients({ audience: 'media', communes: ['88160'], exerciseOnly: false });
    expect(rs).toHaveLength(8);
    expect(rs.find((r) => r.email === 'redaction@gazette-cretes.example.org')).toMatchObject({ mobile: '+33639980038', exerciseParticipant: true });
  });

  it('exercise mode keeps only exercise participants', async () => {
    const elected = await contacts.resolveRecipients({ audience: 'elected', communes: ['88160', '88196'], exerciseOnly: true });
    expect(elected.length).toBeGreaterThan(0);
    expect(elected.every((r) => r.exerciseParticipant)).toBe(true);
    expect(names(elected)).toContain('Sophie Marchal');
    const media = await contacts.resolveRecipients({ audience: 'media', communes: [], exerciseOnly: true });
    expect(names(media)).toEqual(['Rédaction', 'Rédaction']);
  });

  it('with lists: their union restricted to the audience, each contact once; internal services go with the elected officials', async () => {
    const lists = [await listId('bassin-moselle'), await listId('mayors_of_affected_communes'), await listId('cellule-communication'), await listId('presse-prioritaire')];
    const elected = await contacts.resolveRecipients({ audience: 'elected', communes: ['88160'], listIds: lists, exerciseOnly: false });
    expect(new Set(elected.map((r) => r.contactId)).size).toBe(elected.length);
    expect(names(elected)).toEqual(expect.arrayContaining(['Sophie Marchal', 'Karine Remy', 'Cabinet du sous-préfet']));
    expect(elected.some((r) => r.name === 'Rédaction')).toBe(false);
    const media = await contacts.resolveRecipients({ audience: 'media', communes: ['88160'], listIds: lists, exerciseOnly: false });
    expect(media).toHaveLength(5);
    expect(media.every((r) => r.name !== 'Cabinet du sous-préfet')).toBe(true);
  });

  it('dynamic lists for everyone: elected_all and media_all', async () => {
    const all = await contacts.resolveRecipients({ audience: 'elected', communes: [], listIds: [await listId('elected_all')], exerciseOnly: false });
    expect(all).toHaveLength(43);
    const media = await contacts.resolveRecipients({ audience: 'media', communes: [], listIds: [await listId('media_all'), await listId('exercise_participants')], exerciseOnly: false });
    expect(media).toHaveLength(8);
  });

  it('never gives an inactive contact, and sees the caller transaction', async () => {
    const ds = t.get(DataSource);
    await ds
      .transaction(async (m) => {
        await m.query("UPDATE contacts SET active = false WHERE email = 'maire.epinal@example.org'");
        const rs = await contacts.resolveRecipients({ audience: 'elected', communes: ['88160'], exerciseOnly: false }, m);
        expect(names(rs)).not.toContain('Sophie Marchal');
        // Rolled back: the sample stays as it was for the other tests.
        throw new Error('rollback');
      })
      .catch((e: Error) => expect(e.message).toBe('rollback'));
    const after = await contacts.resolveRecipients({ audience: 'elected', communes: ['88160'], exerciseOnly: false });
    expect(names(after)).toContain('Sophie Marchal');
  });

  it('an empty list of lists selects nobody, not every list', async () => {
    expect(await contacts.resolveRecipients({ audience: 'elected', communes: ['88160'], listIds: [], exerciseOnly: false })).toEqual([]);
  });

  it('refuses an unknown list id in a sentence', async () => {
    await expect(contacts.resolveRecipients({ audience: 'elected', communes: ['88160'], listIds: ['00000000-0000-4000-8000-000000000000'], exerciseOnly: false })).rejects.toThrow(
      'No distribution list has the id 00000000-0000-4000-8000-000000000000.',
    );
  });

  // resolveRecipients and the dispatch choose in SQL (ContactsStore.recipientsSelect); the rules are written once more, pure,
  // in src/domain/contacts/recipient-rules.ts (the list previews use them): both must choose the same people.
  it('chooses exactly whom the pure rules choose, for every audience, list and mode', async () => {
    const contactsAll = (
      await t.sql<{ id: string; kind: ContactKind; commune_insee: string | null; active: boolean; exercise_participant: boolean }>(
        'SELECT id, kind, commune_insee, active, exercise_participant FROM contacts ORDER BY name, organisation NULLS FIRST, id',
      )
    ).map((c): SelectableContact => ({ id: c.id, kind: c.kind, communeInsee: c.commune_insee, active: c.active, exerciseParticipant: c.exercise_participant }));
    const lists = await t.sql<{ id: string; kind: string; rule: unknown }>('SELECT id, kind, rule FROM distribution_lists ORDER BY name');
    const members = await t.sql<{ list_id: string; contact_id: string }>('SELECT list_id, contact_id FROM distribution_list_members');
    const selectable = (id: string): SelectableList => {
      const l = lists.find((x) => x.id === id)!;
      return l.kind === 'static' ? { id, kind: 'static', memberIds: members.filter((m) => m.list_id === id).map((m) => m.contact_id) } : { id, kind: 'dynamic', rule: parseDynamicRule(l.rule)! };
    };
    const choices: (string[] | undefined)[] = [undefined, [], ...lists.map((l) => [l.id]), lists.map((l) => l.id), lists.slice(0, 3).map((l) => l.id)];
    let compared = 0;
    for (const audience of ['elected', 'media'] as RecipientAudience[]) {
      const ofAudience = contactsAll.filter((c) => CONTACT_KINDS.includes(c.kind) && belongsToAudience(c.kind, audience));
      for (const communes of [[], ['88160'], ['88160', '88196']]) {
        for (const listIds of choices) {
          for (const exerciseOnly of [false, true]) {
            const expected = selectRecipients({ audience, communes, lists: listIds?.map(selectable), exerciseOnly }, ofAudience).map((c) => c.id);
            const got = (await contacts.resolveRecipients({ audience, communes, listIds, exerciseOnly })).map((r) => r.contactId);
            expect({ audience, communes, listIds, exerciseOnly, got }).toEqual({ audience, communes, listIds, exerciseOnly, got: expected });
            compared += expected.length;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
