import { Module } from '@nestjs/common';
import { BackgroundLoops } from './background-loops.service';
import { LoopLockStore } from './loop-lock.store';

@Module({ providers: [BackgroundLoops, LoopLockStore], exports: [BackgroundLoops] })
export class SchedulerModule {}
