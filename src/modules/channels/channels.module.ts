import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ChannelCredentialsService } from './channel-credentials.service';
import { ChannelsService } from './channels.service';

@Module({ imports: [AuditModule], providers: [ChannelsService, ChannelCredentialsService], exports: [ChannelsService, ChannelCredentialsService] })
export class ChannelsModule {}
