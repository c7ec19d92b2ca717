import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { badRequest, conflict, unprocessable } from '../../common/app-error';
import { ContactCsvError, parseContactsCsv, ValidContact } from '../../domain/contacts/contact-csv';
import { ExistingContact, ImportedFields, planImport } from '../../domain/contacts/contact-import-plan';
import { naturalKey } from '../../domain/contacts/contact-key';
import { AuditService } from '../audit/audit.service';
import { isUniqueViolation } from '../../database/sql';

export interface ImportOptions {
  dryRun: boolean;
  skipBadLines: boolean;
}

export interface ImportReport {
  dryRun: boolean;
  /** False when nothing was written: a dry run, or bad lines without skipBadLines. */
  imported: boolean;
  /** Data lines in the file, blank ones left out. */
  lines: number;
  valid: number;
  created: number;
  updated: number;
  /** Valid lines whose contact already had exactly these values. */
  unchanged: number;
  /** Bad lines left out (skipBadLines=true). */
  skipped: number;
  /** Static lists named in the file that did not exist yet. */
  listsCreated: string[];
  errors: { line: number; column: string | null; message: string }[];
}

/** Where an import comes from, for the audit entry. */
export interface ImportSource {
  actor: string;
  source: 'upload' | 'vosges-sample';
  /** `contacts.imported` unless said otherwise. */
  action?: string;
}

// One import at a time: two imports of overlapping files would race on the same natural keys.
const IMPORT_LOCK = 0x636f6e74616374;
const BATCH = 2000;

/**
 * The CSV import: every bad line reported at once; nothing written while a line
 * is bad unless told to skip them; a dry run never writes; one transaction and
 * one audit entry holding counts only.
 */
@Injectable()
export class ContactImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async importCsv(body: Uint8Array, options: ImportOptions, source: ImportSource, manager?: EntityManager): Promise<ImportReport> {
    const parsed = parseContactsCsv(body);
    const headerErrors = parsed.errors.filter((e) => e.line === 1);
    if (headerErrors.length) {
      throw badRequest('contacts_csv_unreadable', `The file cannot be imported: ${headerErrors.map((e) => e.why).join('; ')}.`, { errors: headerErrors.map(toReportError) });
    }
    if (parsed.rows.length === 0 && parsed.errors.length === 0) {
      throw badRequest('contacts_csv_no_rows', 'The file has its header line but no contact below it.');
    }
    if (options.dryRun) return this.run(this.dataSource.manager, parsed, options, source);
    try {
      return await (manager ? this.run(manager, parsed, options, source) : this.dataSource.transaction((m) => this.run(m, parsed, options, source)));
    } catch (e) {
      // Imports take a lock, but a contact created through the API at the same moment can still take a key.
      if (isUniqueViolation(e)) throw conflict('contacts_changed_meanwhile', 'A contact of the file was created by someone else during the import; nothing was imported. Import the file again.');
      throw e;
    }
  }

  private async run(m: EntityManager, parsed: ReturnType<typeof parseContactsCsv>, options: ImportOptions, source: ImportSource): Promise<ImportReport> {
    if (!options.dryRun) await m.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
    const hasLists = parsed.columns.includes('lists');
    const listNames = hasLists ? [...new Set(parsed.rows.flatMap((r) => r.lists))] : [];
    const existingLists: { id: string; name: string; kind: string }[] = listNames.length
      ? await m.query('SELECT id, name, kind FROM distribution_lists WHERE name = ANY($1::text[])', [listNames])
      : [];
    // A dynamic list is computed from its rule: a line cannot be put on it by hand.
    const dynamic = new Set(existingLists.filter((l) => l.kind === 'dynamic').map((l) => l.name));
    const errors: ContactCsvError[] = [...parsed.errors];
    for (const r of parsed.rows) {
      const names = r.lists.filter((l) => dynamic.has(l));
      if (names.length) errors.push({ line: r.line, column: 'lists', why: `${names.join(', ')} ${names.length > 1 ? 'are dynamic lists' : 'is a dynamic list'}: its members follow from its rule and cannot be listed by hand` });
    }
    errors.sort((a, b) => a.line - b.line);
    const badLines = new Set(errors.map((e) => e.line));
    const rows = parsed.rows.filter((r) => !badLines.has(r.line));
    const report: ImportReport = {
      dryRun: options.dryRun,
      imported: false,
      lines: rows.length + badLines.size,
      valid: rows.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      listsCreated: [],
      errors: errors.map(toReportError),
    };
    if (badLines.size > 0 && !options.skipBadLines) {
      if (options.dryRun) return report;
      const n = badLines.size;
      throw unprocessable(
        'contacts_csv_bad_lines',
        `${n} line${n > 1 ? 's are' : ' is'} bad (see errors: line, column and why); nothing was imported. Correct the file, or import with skipBadLines=true to leave ${n > 1 ? 'them' : 'it'} out.`,
        report,
      );
    }
    report.skipped = badLines.size;

    const plan = planImport(rows, parsed.columns, await this.existing(m, rows));
    report.created = plan.create.length;
    report.updated = plan.update.length;
    report.unchanged = plan.unchanged.length;
    const known = new Set(existingLists.map((l) => l.name));
    report.listsCreated = [...new Set(rows.flatMap((r) => r.lists))].filter((l) => !known.has(l));
    if (options.dryRun) return report;

    const ids = await this.insert(m, plan.create);
    for (const u of [...plan.update, ...plan.unchanged]) ids.set(u.line, u.id);
    await this.update(m, plan.update);
    if (hasLists) await this.setMemberships(m, rows, ids, report.listsCreated);
    report.imported = true;

    const { errors: _e, listsCreated, dryRun: _d, imported: _i, ...counts } = report;
    await this.audit.append(
      { actor: source.actor, action: source.action ?? 'contacts.imported', subjectType: 'contacts', subjectId: null, payload: { source: source.source, ...counts, errors: errors.length, listsCreated: listsCreated.length } },
      m,
    );
    return report;
  }

  private async existing(m: EntityManager, rows: ValidContact[]): Promise<ExistingContact[]> {
    const out: ExistingContact[] = [];
    for (let i = 0; i < rows.length; i += BATCH) {
      const part = rows.slice(i, i + BATCH);
      const found: Record<string, unknown>[] = await m.query(
        `SELECT c.id, c.kind, c.name, c.organisation, c.commune_insee, c.email, c.mobile, c.exercise_participant, c.active
           FROM contacts c
           JOIN unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS k(kind, name, organisation, commune)
             ON c.kind = k.kind AND c.name = k.name AND c.organisation IS NOT DISTINCT FROM k.organisation AND c.commune_insee IS NOT DISTINCT FROM k.commune`,
        [part.map((r) => r.kind), part.map((r) => r.name), part.map((r) => r.organisation), part.map((r) => r.communeInsee)],
      );
      for (const f of found) {
        out.push({
          id: f.id as string,
          kind: f.kind as ExistingContact['kind'],
          name: f.name as string,
          organisation: f.organisation as string | null,
          communeInsee: f.commune_insee as string | null,
          email: f.email as string | null,
          mobile: f.mobile as string | null,
          exerciseParticipant: f.exercise_participant as boolean,
          active: f.active as boolean,
        });
      }
    }
    return out;
  }

  /** Inserted in batches through unnest: one statement per 2,000 rows, not one per row. Returns line → id. */
  private async insert(m: EntityManager, create: { line: number; fields: ImportedFields }[]): Promise<Map<number, string>> {
    const lineOf = new Map(create.map((c) => [naturalKey(c.fields), c.line]));
    const out = new Map<number, string>();
    for (let i = 0; i < create.length; i += BATCH) {
      const part = create.slice(i, i + BATCH).map((c) => c.fields);
      const inserted: { id: string; kind: string; name: string; organisation: string | null; commune_insee: string | null }[] = await m.query(
        `INSERT INTO contacts (kind, name, organisation, commune_insee, email, mobile, exercise_participant, active)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::boolean[])
         RETURNING id, kind, name, organisation, commune_insee`,
        columns(part),
      );
      for (const r of inserted) out.set(lineOf.get(naturalKey({ ...r, communeInsee: r.commune_insee }))!, r.id);
    }
    return out;
  }

  private async update(m: EntityManager, update: { id: string; fields: ImportedFields }[]): Promise<void> {
    for (let i = 0; i < update.length; i += BATCH) {
      const part = update.slice(i, i + BATCH);
      await m.query(
        `UPDATE contacts c SET organisation = u.organisation, email = u.email, mobile = u.mobile,
                exercise_participant = u.exercise_participant, active = u.active, updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::boolean[]) AS u(id, organisation, email, mobile, exercise_participant, active)
          WHERE c.id = u.id`,
        [
          part.map((u) => u.id),
          part.map((u) => u.fields.organisation),
          part.map((u) => u.fields.email),
          part.map((u) => u.fields.mobile),
          part.map((u) => u.fields.exerciseParticipant),
          part.map((u) => u.fields.active),
        ],
      );
    }
  }

  /**
   * The file has a lists column: each imported contact is on exactly the static
   * lists its line names (a name taken off the line takes the contact off the list).
   */
  private async setMemberships(m: EntityManager, rows: ValidContact[], ids: Map<number, string>, newLists: string[]): Promise<void> {
    if (newLists.length) {
      await m.query(
        `INSERT INTO distribution_lists (name, kind, description) SELECT n, 'static', '' FROM unnest($1::text[]) AS n ON CONFLICT (name) DO NOTHING`,
        [newLists],
      );
    }
    const contactIds = rows.map((r) => ids.get(r.line)!);
    for (let i = 0; i < contactIds.length; i += BATCH) {
      await m.query(
        `DELETE FROM distribution_list_members d USING distribution_lists l WHERE l.id = d.list_id AND l.kind = 'static' AND d.contact_id = ANY($1::uuid[])`,
        [contactIds.slice(i, i + BATCH)],
      );
    }
    const pairs = rows.flatMap((r) => r.lists.map((name) => ({ name, contactId: ids.get(r.line)! })));
    for (let i = 0; i < pairs.length; i += BATCH) {
      const part = pairs.slice(i, i + BATCH);
      await m.query(
        `INSERT INTO distribution_list_members (list_id, contact_id)
         SELECT l.id, p.contact_id FROM unnest($1::text[], $2::uuid[]) AS p(name, contact_id) JOIN distribution_lists l ON l.name = p.name
         ON CONFLICT DO NOTHING`,
        [part.map((p) => p.name), part.map((p) => p.contactId)],
      );
    }
  }
}

function toReportError(e: ContactCsvError) {
  return { line: e.line, column: e.column, message: e.why };
}

function columns(part: ImportedFields[]): unknown[] {
  return [
    part.map((f) => f.kind),
    part.map((f) => f.name),
    part.map((f) => f.organisation),
    part.map((f) => f.communeInsee),
    part.map((f) => f.email),
    part.map((f) => f.mobile),
    part.map((f) => f.exerciseParticipant),
    part.map((f) => f.active),
  ];
}
