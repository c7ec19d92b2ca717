import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { EventsModule } from '../events/events.module';
import { SchedulerModule } from '../scheduler/scheduler.module';
import { UnitOfWorkModule } from '../unit-of-work/unit-of-work.module';
import { UsersModule } from '../users/users.module';
import { CalendarTokenEntity } from './calendar-token.entity';
import { CalendarService } from './calendar.service';
import { ExerciseLockService } from './exercise-lock.service';
import { ExerciseInjectEntity } from './exercise-inject.entity';
import { ExerciseProgrammeEntity } from './exercise-programme.entity';
import { ExerciseReminderEntity } from './exercise-reminder.entity';
import { ExerciseRemindersService } from './exercise-reminders.service';
import { ExerciseRemindersStore } from './exercise-reminders.store';
import { ExerciseEntity } from './exercise.entity';
import { ExercisesReadService } from './exercises-read.service';
import { ExercisesController } from './exercises.controller';
import { ExercisesService } from './exercises.service';
import { ExercisesStore } from './exercises.store';
import { InjectImportService } from './inject-import.service';
import { InjectTimersService } from './inject-timers.service';
import { InjectsController } from './injects.controller';
import { InjectsService } from './injects.service';
import { InjectsStore } from './injects.store';

/** Commitment C3: the programme of exercises, the director's reminders, the calendar feed, the MSEL and its injects. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ExerciseProgrammeEntity, ExerciseEntity, ExerciseInjectEntity, ExerciseReminderEntity, CalendarTokenEntity]),
    AuditModule,
    UnitOfWorkModule,
    SchedulerModule,
    EventsModule,
    DeliveryModule,
    UsersModule,
  ],
  controllers: [ExercisesController, InjectsController],
  providers: [
    ExercisesStore,
    InjectsStore,
    ExerciseRemindersStore,
    ExerciseLockService,
    ExercisesService,
    ExercisesReadService,
    ExerciseRemindersService,
    InjectTimersService,
    InjectsService,
    InjectImportService,
    CalendarService,
  ],
  exports: [ExercisesService, ExercisesReadService],
})
export class ExercisesModule {}
