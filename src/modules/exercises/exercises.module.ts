import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ChannelsModule } from '../channels/channels.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { EventsModule } from '../events/events.module';
import { SchedulerModule } from '../scheduler/scheduler.module';
import { UnitOfWorkModule } from '../unit-of-work/unit-of-work.module';
import { CalendarTokenEntity } from './calendar-token.entity';
import { CalendarService } from './calendar.service';
import { ExerciseInjectEntity } from './exercise-inject.entity';
import { ExerciseProgrammeEntity } from './exercise-programme.entity';
import { ExerciseReminderEntity } from './exercise-reminder.entity';
import { ExerciseRemindersService } from './exercise-reminders.service';
import { ExerciseEntity } from './exercise.entity';
import { ExercisesReadService } from './exercises-read.service';
import { ExercisesController } from './exercises.controller';
import { ExercisesService } from './exercises.service';
import { InjectImportService } from './inject-import.service';
import { InjectTimersService } from './inject-timers.service';
import { InjectsController } from './injects.controller';
import { InjectsService } from './injects.service';

/** Commitment C3: the programme of exercises, the director's reminders, the calendar feed, the MSEL and its injects. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ExerciseProgrammeEntity, ExerciseEntity, ExerciseInjectEntity, ExerciseReminderEntity, CalendarTokenEntity]),
    AuditModule,
    UnitOfWorkModule,
    SchedulerModule,
    EventsModule,
    ChannelsModule,
    DeliveryModule,
  ],
  controllers: [ExercisesController, InjectsController],
  providers: [ExercisesService, ExercisesReadService, ExerciseRemindersService, InjectTimersService, InjectsService, InjectImportService, CalendarService],
  exports: [ExercisesService, ExercisesReadService],
})
export class ExercisesModule {}
