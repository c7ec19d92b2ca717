import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { CellModule } from '../cell/cell.module';
import { HealthController } from './health.controller';
import { HealthStore } from './health.store';

@Module({ imports: [ChannelsModule, CellModule], controllers: [HealthController], providers: [HealthStore] })
export class HealthModule {}
