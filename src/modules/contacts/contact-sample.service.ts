import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { fromProjectRoot } from '../../config/project-root';
import { DATABASE_HANDLE, DatabaseHandle } from '../../database/database-handle';
import { ContactImportService } from './contact-import.service';

export const SAMPLE_LOADED_ACTION = 'contacts.sample_loaded';
const SAMPLE = join('templates', 'contacts', 'vosges-sample.csv');
// Checked and loaded under one lock, so that the check still holds when the rows are written.
const SAMPLE_LOCK = 0x73616d706c65;

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
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DATABASE_HANDLE) private readonly db: DatabaseHandle,
    private readonly importer: ContactImportService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.db.mode !== 'embedded' || !this.db.dataDir) return;
    try {
      const report = await this.dataSource.transaction(async (m) => {
        await m.query('SELECT pg_advisory_xact_lock($1)', [SAMPLE_LOCK]);
        // Contacts first: once there are some, the audit log (no index on action) is not searched at every start.
        const [{ done }] = await m.query(
          `SELECT CASE WHEN EXISTS (SELECT 1 FROM contacts) THEN true ELSE EXISTS (SELECT 1 FROM audit_log WHERE action = $1) END AS done`,
          [SAMPLE_LOADED_ACTION],
        );
        if (done) return null;
        return this.importer.importCsv(readFileSync(fromProjectRoot(SAMPLE)), { dryRun: false, skipBadLines: false }, { actor: 'system', source: 'vosges-sample', action: SAMPLE_LOADED_ACTION }, m);
      });
      if (report) this.logger.log(`First start: loaded ${report.created} sample contacts of the Vosges and ${report.listsCreated.length} lists from ${SAMPLE}`);
    } catch (e) {
      // A sample that cannot be loaded must not keep the product from starting.
      this.logger.error({ err: e }, `The sample contacts (${SAMPLE}) could not be loaded`);
    }
  }
}
