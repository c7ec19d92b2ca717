import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CardsModule } from '../cards/cards.module';
import { ChannelsModule } from '../channels/channels.module';
import { EventsModule } from '../events/events.module';
import { LiveModule } from '../live/live.module';
import { DeliveriesController } from './deliveries.controller';
import { DeliveryReceiptsController } from './delivery-receipts.controller';
import { DeliveryReceiptsService } from './delivery-receipts.service';
import { DeliveryReceiptsStore } from './delivery-receipts.store';
import { DeliveriesService } from './deliveries.service';
import { DeliveryContentEntity } from './delivery-content.entity';
import { DeliveryReadsService } from './delivery-reads.service';
import { DeliveryReadsStore } from './delivery-reads.store';
import { DeliveryHooks } from './delivery-hooks.service';
import { DeliveryQueueService } from './delivery-queue.service';
import { DeliveryResultsService } from './delivery-results.service';
import { DeliverySignal } from './delivery-signal';
import { DeliveryProgressStore } from './delivery-progress.store';
import { DeliveryProgressFeed } from './delivery-progress-feed.service';
import { DeliveryProgressPolls } from './delivery-progress-polls.service';
import { DeliveryStore } from './delivery.store';
import { DeliveryWorkerService } from './delivery-worker.service';
import { DeliveryEntity } from './delivery.entity';
import { ReconciliationService } from './reconciliation.service';
import { SchedulerModule } from '../scheduler/scheduler.module';
import { UnitOfWorkModule } from '../unit-of-work/unit-of-work.module';

@Module({
  imports: [TypeOrmModule.forFeature([DeliveryEntity, DeliveryContentEntity]), UnitOfWorkModule, SchedulerModule, LiveModule, EventsModule, ChannelsModule, CardsModule],
  controllers: [DeliveriesController, DeliveryReceiptsController],
  providers: [
    DeliveryReadsStore,
    DeliveryReadsService,
    DeliveryStore,
    DeliveryProgressStore,
    DeliveryProgressPolls,
    DeliveryProgressFeed,
    DeliverySignal,
    DeliveryHooks,
    DeliveryQueueService,
    DeliveryResultsService,
    DeliveriesService,
    DeliveryReceiptsStore,
    DeliveryReceiptsService,
    ReconciliationService,
    DeliveryWorkerService,
  ],
  exports: [DeliveryQueueService, DeliveriesService, DeliveryReadsService, DeliveryHooks],
})
export class DeliveryModule {}
