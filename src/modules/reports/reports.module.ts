import { Module } from '@nestjs/common';
import { CellModule } from '../cell/cell.module';
import { DebriefsModule } from '../debriefs/debriefs.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { ExercisesModule } from '../exercises/exercises.module';
import { EventsModule } from '../events/events.module';
import { UnitOfWorkModule } from '../unit-of-work/unit-of-work.module';
import { AnnualReportService } from './annual-report.service';
import { EventReportService } from './event-report.service';
import { ReportsController } from './reports.controller';

/** After-action report, timeline CSV and annual commitments report: derived from the record, never stored. */
@Module({
  imports: [EventsModule, CellModule, DeliveryModule, DebriefsModule, ExercisesModule, UnitOfWorkModule],
  controllers: [ReportsController],
  providers: [EventReportService, AnnualReportService],
  exports: [EventReportService, AnnualReportService],
})
export class ReportsModule {}
