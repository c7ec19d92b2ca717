import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { fromProjectRoot } from '../../config/project-root';
import { DATABASE_HANDLE, DatabaseHandle } from '../../database/database-handle';
import { AuditService } from '../audit/audit.service';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { ContactImportService } from './contact-import.service';
import { ContactsStore } from './contacts.store';

export const SAMPLE_LOADED_ACTION = 'contacts.sample_loaded';
const SAMPLE = join('templates', 'contacts', 'vosges-sample.csv');

/**
 * The embedded default (`npm start` without DATABASE_URL, data kept on disk)
 * starts with the Vosges sample so that a first look at the product has
 * contacts to send to. Only on the first start: the audit log remembers that it
 * was loaded, so contacts deleted afterwards never come back. Never on a real
 * server, where the prefecture imports its own.
 */
@Injectable()
export class ContactSampleService implements OnApplicationBootstrap {
  private readonly logger = new Logger('ContactSample');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: ContactsStore,
    private readonly auditLog: AuditService,
    @Inject(DATABASE_HANDLE) private readonly db: DatabaseHandle,
    private readonly importer: ContactImportService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.db.mode !== 'embedded' || !this.db.dataDir) return;
    try {
      const report = await this.uow.run(async (work) => {
        const m = work.manager;
        // Checked and loaded under one lock, so that the check still holds when the rows are written.
        await this.store.lockSample(m);
        // Contacts first: once there are some, the audit log (no index on action) is not searched at every start.
        if ((await this.store.anyContact(m)) || (await this.auditLog.hasAction(SAMPLE_LOADED_ACTION, m))) return null;
        return this.importer.importCsv(readFileSync(fromProjectRoot(SAMPLE)), { dryRun: false, skipBadLines: false }, { actor: 'system', source: 'vosges-sample', action: SAMPLE_LOADED_ACTION }, m);
      });
      if (report) this.logger.log(`First start: loaded ${report.created} sample contacts of the Vosges and ${report.listsCreated.length} lists from ${SAMPLE}`);
    } catch (e) {
      // A sample that cannot be loaded must not keep the product from starting.
      this.logger.error({ err: e }, `The sample contacts (${SAMPLE}) could not be loaded`);
    }
  }
}
