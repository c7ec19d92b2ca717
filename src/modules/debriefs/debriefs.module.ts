import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { EventsModule } from '../events/events.module';
import { UnitOfWorkModule } from '../unit-of-work/unit-of-work.module';
import { DebriefActionEntity } from './debrief-action.entity';
import { DebriefWritesService } from './debrief-writes.service';
import { DebriefEntity } from './debrief.entity';
import { DebriefsController } from './debriefs.controller';
import { DebriefsService } from './debriefs.service';
import { DebriefsStore } from './debriefs.store';

/** RETEX: the hot and cold debriefs of every event and their action plans (commitment C3, the annual report). */
@Module({
  imports: [TypeOrmModule.forFeature([DebriefEntity, DebriefActionEntity]), AuditModule, EventsModule, UnitOfWorkModule],
  controllers: [DebriefsController],
  providers: [DebriefsStore, DebriefsService, DebriefWritesService],
  exports: [DebriefsService],
})
export class DebriefsModule {}
