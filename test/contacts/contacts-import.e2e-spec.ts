import { startTestApp, TestApp } from '../support/test-app';
import { auditOf, BAD_LINES, countContacts, HEADER, importCsv, SAMPLE, sql } from './support';

describe('contacts CSV import, through HTTP', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    token = (await t.userWithRole('communication')).token;
  });
  afterAll(() => t.close());

  describe('files that are refused as a whole: 4xx, nothing written', () => {
    it.each<[string, Buffer | string, string, number, string, string]>([
      ['an empty body', '', 'text/csv', 400, 'contacts_csv_empty', 'The request has no body'],
      ['blank lines only', '\n\n', 'text/csv', 400, 'contacts_csv_unreadable', 'the file is empty'],
      ['an Excel workbook sent as CSV', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), 'text/csv', 400, 'contacts_csv_unreadable', 'an Excel workbook (.xlsx)'],
      ['UTF-16 without a byte order mark (wrong encoding)', Buffer.from(`${HEADER}\nmp;A;;;a@example.org;;;\n`, 'utf16le'), 'text/csv', 400, 'contacts_csv_unreadable', 'UTF-16'],
      ['an unknown column', 'kind;name;emial\nmp;A;a@example.org\n', 'text/csv', 400, 'contacts_csv_unreadable', 'unknown column "emial"'],
      ['a header without the name column', 'kind;email\nmp;a@example.org\n', 'text/csv', 400, 'contacts_csv_unreadable', 'the required column name is missing'],
      ['a header and no contact', `${HEADER}\n`, 'text/csv', 400, 'contacts_csv_no_rows', 'no contact below it'],
      ['JSON instead of a file', JSON.stringify({ kind: 'mp' }), 'application/json', 415, 'contacts_csv_content_type', 'Content-Type: text/csv'],
    ])('%s', async (_label, body, type, status, code, message) => {
      const res = await importCsv(t, token, body, '', type);
      expect(res.status).toBe(status);
      expect(res.body.error).toBe(code);
      expect(res.body.message).toContain(message);
      expect(await countContacts(t)).toBe(0);
    });

    it('reports a header error with its line and column', async () => {
      const res = await importCsv(t, token, 'kind;name;email;emial\nmp;A;a@example.org;x\n');
      expect(res.body.details.errors).toEqual([{ line: 1, column: 'emial', message: expect.stringContaining('unknown column "emial"') }]);
    });

    it('refuses bad query values', async () => {
      const res = await importCsv(t, token, SAMPLE, '?dryRun=yes');
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('dryRun must be true or false');
    });
  });

  describe('a file with bad lines', () => {
    it('reports every bad line with its line, column and why, and imports nothing', async () => {
      const res = await importCsv(t, token, BAD_LINES);
      expect(res.status).toBe(422);
      expect(res.body.error).toBe('contacts_csv_bad_lines');
      expect(res.body.message).toContain('14 lines are bad');
      expect(res.body.message).toContain('nothing was imported');
      const report = res.body.details;
      expect(report).toMatchObject({ imported: false, lines: 18, valid: 4, created: 0, updated: 0, skipped: 0 });
      expect(report.errors.map((e: { line: number }) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 18, 20]);
      expect(report.errors).toEqual(
        expect.arrayContaining([
          { line: 3, column: 'kind', message: expect.stringContaining('unknown kind "maire" (write mayor)') },
          { line: 5, column: 'commune_insee', message: expect.stringContaining('88999 is not the INSEE code of any commune') },
          { line: 6, column: 'commune_insee', message: expect.stringContaining('88204 is Girmont, a delegated commune') },
          { line: 7, column: 'email', message: expect.stringContaining('"redaction@" is not a valid email address') },
          { line: 8, column: 'mobile', message: expect.stringContaining('is a landline or service number') },
          { line: 9, column: 'mobile', message: expect.stringContaining('"06 12" is not a valid phone number') },
          { line: 14, column: null, message: expect.stringContaining('this line has 9 cells but the header has 8') },
        ]),
      );
      expect(await countContacts(t)).toBe(0);
      expect(await auditOf(t, 'contacts.imported')).toEqual([]);
    });

    it.each<[string, string, string, string]>([
      ['a bad email', 'mp;A;;;a@@example.org;;;', 'email', 'one email address per line'],
      ['a bad phone', 'mp;A;;;;01 02 03;;', 'mobile', 'is not a valid phone number'],
      ['a bad commune', 'mayor;A;;99999;a@example.org;;;', 'commune_insee', '99999 is not the INSEE code of any commune'],
    ])('one line with %s: 422 naming line 3 and its column, the good line not imported', async (_label, line, column, why) => {
      const res = await importCsv(t, token, `${HEADER}\nmp;Good One;;;good@example.org;;;\n${line}\n`);
      expect(res.status).toBe(422);
      expect(res.body.details.errors).toEqual([{ line: 3, column, message: expect.stringContaining(why) }]);
      expect(await countContacts(t)).toBe(0);
    });

    it('with skipBadLines=true imports the good lines and says which were skipped', async () => {
      const res = await importCsv(t, token, BAD_LINES, '?skipBadLines=true');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ imported: true, lines: 18, valid: 4, created: 4, updated: 0, skipped: 14 });
      expect(res.body.errors).toHaveLength(14);
      expect(await countContacts(t)).toBe(4);
      const [entry] = await auditOf(t, 'contacts.imported');
      expect(entry.payload).toEqual({ source: 'upload', lines: 18, valid: 4, created: 4, updated: 0, unchanged: 0, skipped: 14, errors: 14, listsCreated: 2 });
      await sql(t, 'DELETE FROM contacts');
      await sql(t, "DELETE FROM distribution_lists WHERE kind = 'static'");
    });
  });

  describe('the Vosges sample', () => {
    it('a dry run says what would happen and writes nothing', async () => {
      const before = await sql(t, 'SELECT count(*)::int AS n FROM audit_log');
      const res = await importCsv(t, token, SAMPLE, '?dryRun=true');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ dryRun: true, imported: false, lines: 54, valid: 54, created: 54, updated: 0, skipped: 0, errors: [] });
      expect(res.body.listsCreated.sort()).toEqual(['bassin-moselle', 'cellule-communication', 'presse-prioritaire', 'secteur-montagne']);
      expect(await countContacts(t)).toBe(0);
      expect(await sql(t, "SELECT name FROM distribution_lists WHERE kind = 'static'")).toEqual([]);
      expect(await sql(t, 'SELECT count(*)::int AS n FROM audit_log')).toEqual(before);
    });

    it('a dry run of a file with bad lines lists them, 200, nothing written', async () => {
      const res = await importCsv(t, token, BAD_LINES, '?dryRun=true');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ dryRun: true, imported: false, created: 0 });
      expect(res.body.errors).toHaveLength(14);
      expect(await countContacts(t)).toBe(0);
    });

    it('imports the good file: contacts normalised, static lists created, one audit entry with counts only', async () => {
      const res = await importCsv(t, token, SAMPLE);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ dryRun: false, imported: true, lines: 54, valid: 54, created: 54, updated: 0, unchanged: 0, skipped: 0, errors: [] });
      expect(await countContacts(t)).toBe(54);
      const epinal = await t.http().get('/api/contacts?commune=88160&kind=mayor').set('Authorization', `Bearer ${token}`);
      expect(epinal.body.items).toEqual([
        expect.objectContaining({
          name: 'Sophie Marchal',
          communeName: 'Épinal',
          email: 'maire.epinal@example.org',
          mobile: '+33639980001',
          exerciseParticipant: true,
          lists: ['bassin-moselle'],
          group: 'elected',
        }),
      ]);
      // The first entry is the skipBadLines import above.
      const entries = await auditOf(t, 'contacts.imported');
      expect(entries).toHaveLength(2);
      expect(entries[1]).toEqual({
        actor: expect.stringMatching(/^communication/),
        payload: { source: 'upload', lines: 54, valid: 54, created: 54, updated: 0, unchanged: 0, skipped: 0, errors: 0, listsCreated: 4 },
      });
      expect(JSON.stringify(entries[1].payload)).not.toMatch(/@|\+33/);
    });

    it('a second import of the same file changes nothing and duplicates nothing', async () => {
      const res = await importCsv(t, token, SAMPLE);
      expect(res.body).toMatchObject({ created: 0, updated: 0, unchanged: 54, listsCreated: [] });
      expect(await countContacts(t)).toBe(54);
    });

    it('a re-import with changed addresses and lists updates the contacts in place', async () => {
      const changed = SAMPLE.toString('utf8')
        .replace('maire.epinal@example.org;+33 6 39 98 00 01;oui;bassin-moselle', 'sophie.marchal@example.org;06 39 98 00 99;oui;secteur-montagne')
        .replace('maire.golbey@example.org', 'mairie.golbey@example.org');
      const [before] = await sql<{ id: string }>(t, "SELECT id FROM contacts WHERE name = 'Sophie Marchal'");
      const res = await importCsv(t, token, changed);
      expect(res.body).toMatchObject({ created: 0, updated: 2, unchanged: 52 });
      expect(await countContacts(t)).toBe(54);
      const [after] = await sql(t, "SELECT id, email, mobile FROM contacts WHERE name = 'Sophie Marchal'");
      expect(after).toEqual({ id: before.id, email: 'sophie.marchal@example.org', mobile: '+33639980099' });
      const lists = await sql(t, `SELECT l.name FROM distribution_list_members m JOIN distribution_lists l ON l.id = m.list_id WHERE m.contact_id = $1`, [before.id]);
      expect(lists).toEqual([{ name: 'secteur-montagne' }]);
    });

    it('a re-import brings back a deleted contact', async () => {
      const [c] = await sql<{ id: string }>(t, "SELECT id FROM contacts WHERE name = 'Isabelle Colin'");
      expect((await t.http().delete(`/api/contacts/${c.id}`).set('Authorization', `Bearer ${token}`)).status).toBe(200);
      const res = await importCsv(t, token, SAMPLE.toString('utf8').replace('mairie.golbey', 'maire.golbey'));
      expect(res.body.updated).toBeGreaterThanOrEqual(1);
      expect(await countContacts(t, 'active')).toBe(54);
    });

    it('refuses to put contacts on a dynamic list by hand', async () => {
      const res = await importCsv(t, token, `${HEADER}\nmp;Nouveau Député;;;nd@example.org;;;elected_all\n`);
      expect(res.status).toBe(422);
      expect(res.body.details.errors).toEqual([{ line: 2, column: 'lists', message: expect.stringContaining('elected_all is a dynamic list') }]);
    });

    it('accepts the file in a multipart field named file', async () => {
      const res = await t.http().post('/api/contacts/import?dryRun=true').set('Authorization', `Bearer ${token}`).attach('file', SAMPLE, { filename: 'contacts.csv', contentType: 'text/csv' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ dryRun: true, lines: 54, unchanged: expect.any(Number), errors: [] });
    });

    it('accepts a Windows-1252 file from French Excel', async () => {
      const res = await importCsv(t, token, Buffer.from(`${HEADER}\nmp;H\xe9l\xe8ne Fran\xe7ois;;;helene@example.org;;;\n`, 'latin1'), '?dryRun=true');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ valid: 1, created: 1 });
    });
  });

  it('is refused to a reviewer and a prefect (read-only for contacts)', async () => {
    for (const role of ['reviewer', 'prefect']) {
      const u = await t.userWithRole(role);
      const res = await importCsv(t, u.token, SAMPLE, '?dryRun=true');
      expect(res.status).toBe(403);
    }
  });
});
