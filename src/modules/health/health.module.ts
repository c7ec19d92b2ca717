import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { HealthController } from './health.controller';

@Module({ imports: [ChannelsModule], controllers: [HealthController] })
export class HealthModule {}
