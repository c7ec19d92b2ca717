import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { LiveModule } from '../live/live.module';
import { SchedulerModule } from '../scheduler/scheduler.module';
import { UnitOfWorkModule } from '../unit-of-work/unit-of-work.module';
import { CommitmentsService } from './commitments.service';
import { EventDecisionsService } from './event-decisions.service';
import { EventPollsService } from './event-polls.service';
import { EventReadsService } from './event-reads.service';
import { EventReadsStore } from './event-reads.store';
import { EventFactEntity } from './event-fact.entity';
import { EventTimerEntity } from './event-timer.entity';
import { EventTimersService } from './event-timers.service';
import { EventTimersStore } from './event-timers.store';
import { EventEntity } from './event.entity';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { EventsStore } from './events.store';
import { TimelineService } from './timeline.service';

@Module({
  imports: [TypeOrmModule.forFeature([EventEntity, EventFactEntity, EventTimerEntity]), AuditModule, LiveModule, UnitOfWorkModule, SchedulerModule],
  controllers: [EventsController],
  providers: [EventsStore, EventTimersStore, EventReadsStore, EventReadsService, EventsService, EventPollsService, EventDecisionsService, CommitmentsService, EventTimersService, TimelineService],
  exports: [EventsService, EventPollsService, EventReadsService, EventDecisionsService, EventTimersService, CommitmentsService, TimelineService],
})
export class EventsModule {}
