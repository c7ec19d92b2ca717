import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SchedulerModule } from '../scheduler/scheduler.module';
import { ChannelCredentialsService } from './channel-credentials.service';
import { ChannelStatusService } from './channel-status.service';
import { ChannelsService } from './channels.service';

/** ChannelsService (the sends) is for the delivery worker only (lint); other modules read ChannelStatusService. */
@Module({
  imports: [AuditModule, SchedulerModule],
  providers: [ChannelsService, ChannelStatusService, ChannelCredentialsService],
  exports: [ChannelsService, ChannelStatusService, ChannelCredentialsService],
})
export class ChannelsModule {}
