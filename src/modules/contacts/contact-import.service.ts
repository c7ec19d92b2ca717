import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { badRequest, conflict, unprocessable } from '../../common/app-error';
import { ContactCsvError, parseContactsCsv, ValidContact } from '../../domain/contacts/contact-csv';
import { ExistingContact, ImportedFields, planImport } from '../../domain/contacts/contact-import-plan';
import { naturalKey } from '../../domain/contacts/contact-key';
import { AuditService } from '../audit/audit.service';
import { isUniqueViolation } from '../../database/sql';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { ContactsStore } from './contacts.store';

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

const BATCH = 2000;

/**
 * The CSV import: every bad line reported at once; nothing written while a line
 * is bad unless told to skip them; a dry run never writes; one transaction and
 * one audit entry holding counts only.
 */
@Injectable()
export class ContactImportService {
  constructor(
    private readonly store: ContactsStore,
    private readonly uow: UnitOfWork,
    private readonly auditLog: AuditService,
  ) {}

  /** `manager`: the caller's transaction (the sample's first load); else the import is a unit of work of its own. */
  async importCsv(body: Uint8Array, options: ImportOptions, source: ImportSource, manager?: EntityManager): Promise<ImportReport> {
    const parsed = parseContactsCsv(body);
    const headerErrors = parsed.errors.filter((e) => e.line === 1);
    if (headerErrors.length) {
      throw badRequest('contacts_csv_unreadable', `The file cannot be imported: ${headerErrors.map((e) => e.why).join('; ')}.`, { errors: headerErrors.map(toReportError) });
    }
    if (parsed.rows.length === 0 && parsed.errors.length === 0) {
      throw badRequest('contacts_csv_no_rows', 'The file has its header line but no contact below it.');
    }
    if (options.dryRun) return this.run(undefined, parsed, options, source);
    try {
      return await (manager ? this.run(manager, parsed, options, source) : this.uow.run((work) => this.run(work.manager, parsed, options, source)));
    } catch (e) {
      // Imports take a lock, but a contact created through the API at the same moment can still take a key.
      if (isUniqueViolation(e)) throw conflict('contacts_changed_meanwhile', 'A contact of the file was created by someone else during the import; nothing was imported. Import the file again.');
      throw e;
    }
  }

  /** `m`: the import's transaction; undefined for a dry run, which only reads. */
  private async run(m: EntityManager | undefined, parsed: ReturnType<typeof parseContactsCsv>, options: ImportOptions, source: ImportSource): Promise<ImportReport> {
    if (!options.dryRun) await this.store.lockImports(m!);
    const hasLists = parsed.columns.includes('lists');
    const listNames = hasLists ? [...new Set(parsed.rows.flatMap((r) => r.lists))] : [];
    const existingLists: { id: string; name: string; kind: string }[] = listNames.length ? await this.store.listsNamed(listNames, m) : [];
    // A dynamic list is computed from its rule: a line cannot be put on it by hand.
    const dynamic = new Set(existingLists.filter((l) => l.kind === 'dynamic').map((l) => l.name));
    const errors: ContactCsvError[] = [...parsed.errors];
    for (const r of parsed.rows) {
      const names = r.lists.filter((l) => dynamic.has(l));
      if (names.length)
        errors.push({
          line: r.line,
          column: 'lists',
          why: `${names.join(', ')} ${names.length > 1 ? 'are dynamic lists' : 'is a dynamic list'}: its members follow from its rule and cannot be listed by hand`,
        });
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
    if (options.dryRun || !m) return report;

    const ids = await this.insert(m, plan.create);
    for (const u of [...plan.update, ...plan.unchanged]) ids.set(u.line, u.id);
    await this.update(m, plan.update);
    if (hasLists) await this.setMemberships(m, rows, ids, report.listsCreated);
    report.imported = true;

    const { errors: _e, listsCreated, dryRun: _d, imported: _i, ...counts } = report;
    await this.auditLog.append(
      {
        actor: source.actor,
        action: source.action ?? 'contacts.imported',
        subjectType: 'contacts',
        subjectId: null,
        payload: { source: source.source, ...counts, errors: errors.length, listsCreated: listsCreated.length },
      },
      m,
    );
    return report;
  }

  private async existing(m: EntityManager | undefined, rows: ValidContact[]): Promise<ExistingContact[]> {
    const out: ExistingContact[] = [];
    for (let i = 0; i < rows.length; i += BATCH) out.push(...(await this.store.byKeys(rows.slice(i, i + BATCH), m)));
    return out;
  }

  /** Inserted in batches through unnest: one statement per 2,000 rows, not one per row. Returns line → id. */
  private async insert(m: EntityManager, create: { line: number; fields: ImportedFields }[]): Promise<Map<number, string>> {
    const lineOf = new Map(create.map((c) => [naturalKey(c.fields), c.line]));
    const out = new Map<number, string>();
    for (let i = 0; i < create.length; i += BATCH) {
      const part = create.slice(i, i + BATCH).map((c) => c.fields);
      const inserted = await this.store.insertContacts(m, part);
      for (const r of inserted) out.set(lineOf.get(naturalKey({ ...r, communeInsee: r.commune_insee }))!, r.id);
    }
    return out;
  }

  private async update(m: EntityManager, update: { id: string; fields: ImportedFields }[]): Promise<void> {
    for (let i = 0; i < update.length; i += BATCH) {
      await this.store.updateContacts(m, update.slice(i, i + BATCH));
    }
  }

  /**
   * The file has a lists column: each imported contact is on exactly the static
   * lists its line names (a name taken off the line takes the contact off the list).
   */
  private async setMemberships(m: EntityManager, rows: ValidContact[], ids: Map<number, string>, newLists: string[]): Promise<void> {
    if (newLists.length) {
      await this.store.createStaticLists(m, newLists);
    }
    const contactIds = rows.map((r) => ids.get(r.line)!);
    for (let i = 0; i < contactIds.length; i += BATCH) {
      await this.store.leaveStaticLists(m, contactIds.slice(i, i + BATCH));
    }
    const pairs = rows.flatMap((r) => r.lists.map((name) => ({ name, contactId: ids.get(r.line)! })));
    for (let i = 0; i < pairs.length; i += BATCH) {
      await this.store.joinLists(m, pairs.slice(i, i + BATCH));
    }
  }
}

function toReportError(e: ContactCsvError) {
  return { line: e.line, column: e.column, message: e.why };
}
