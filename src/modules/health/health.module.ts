import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { CellModule } from '../cell/cell.module';
import { HealthController } from './health.controller';

@Module({ imports: [ChannelsModule, CellModule], controllers: [HealthController] })
export class HealthModule {}
