import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EventsModule } from '../events/events.module';
import { LiveGateway } from './live.gateway';
import { LiveModule } from './live.module';
import { SchedulerModule } from '../scheduler/scheduler.module';

/**
 * The socket.io gateway, apart from LiveModule (the in-process bus) because it
 * reads events and sessions: the events module publishes on the bus, so the bus
 * cannot depend on it.
 */
@Module({ imports: [LiveModule, AuthModule, EventsModule, SchedulerModule], providers: [LiveGateway] })
export class LiveGatewayModule {}
