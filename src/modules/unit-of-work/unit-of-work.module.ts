import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { LiveModule } from '../live/live.module';
import { UnitOfWork } from './unit-of-work.service';

@Module({ imports: [AuditModule, LiveModule], providers: [UnitOfWork], exports: [UnitOfWork] })
export class UnitOfWorkModule {}
