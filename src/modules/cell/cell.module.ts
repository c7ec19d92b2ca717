import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveryModule } from '../delivery/delivery.module';
import { EventsModule } from '../events/events.module';
import { UnitOfWorkModule } from '../unit-of-work/unit-of-work.module';
import { CellAckKeyService } from './cell-ack-key.service';
import { CellAckController } from './cell-ack.controller';
import { CellAckService } from './cell-ack.service';
import { CellActivationEntity } from './cell-activation.entity';
import { CellEscalationService } from './cell-escalation.service';
import { CellEventsController } from './cell-events.controller';
import { CellMemberEntity } from './cell-member.entity';
import { CellOverrideEntity } from './cell-override.entity';
import { CellPageResultsService } from './cell-page-results.service';
import { CellPageEntity } from './cell-page.entity';
import { CellPagerService } from './cell-pager.service';
import { CellPanelService } from './cell-panel.service';
import { CellRosterController } from './cell-roster.controller';
import { CellRosterService } from './cell-roster.service';
import { CellRotationEntity } from './cell-rotation.entity';
import { CellSecretEntity } from './cell-secret.entity';
import { CellStore } from './cell.store';
import { SchedulerModule } from '../scheduler/scheduler.module';

/** The emergency communication cell: roster, on-call, paging, acknowledgements, escalation (commitment C1). */
@Module({
  imports: [
    TypeOrmModule.forFeature([CellMemberEntity, CellRotationEntity, CellOverrideEntity, CellActivationEntity, CellPageEntity, CellSecretEntity]),
    EventsModule,
    UnitOfWorkModule,
    DeliveryModule,
    SchedulerModule,
  ],
  controllers: [CellRosterController, CellEventsController, CellAckController],
  providers: [CellStore, CellRosterService, CellAckKeyService, CellPagerService, CellPageResultsService, CellAckService, CellEscalationService, CellPanelService],
  exports: [CellRosterService, CellPanelService],
})
export class CellModule {}
