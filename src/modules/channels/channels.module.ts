import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SchedulerModule } from '../scheduler/scheduler.module';
import { ChannelCredentialsService } from './channel-credentials.service';
import { ChannelsService } from './channels.service';

@Module({ imports: [AuditModule, SchedulerModule], providers: [ChannelsService, ChannelCredentialsService], exports: [ChannelsService, ChannelCredentialsService] })
export class ChannelsModule {}
