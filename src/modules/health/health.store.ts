import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { databaseNow } from '../../database/db-clock';

/** The health check's one question to the database: its clock, which also says that it answers. */
@Injectable()
export class HealthStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  now(): Promise<Date> {
    return databaseNow(this.dataSource.manager);
  }
}
