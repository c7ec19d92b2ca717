import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The proof module owns no table: its one database need is a REPEATABLE READ
 * snapshot, so that what it reads through the other modules describes one instant.
 */
@Injectable()
export class ProofStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  snapshot<T>(read: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', read);
  }
}
