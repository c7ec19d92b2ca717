import { Module } from '@nestjs/common';
import { BackgroundLoops } from './background-loops.service';

@Module({ providers: [BackgroundLoops], exports: [BackgroundLoops] })
export class SchedulerModule {}
