import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EventsModule } from '../events/events.module';
import { LiveGateway } from './live.gateway';
import { LiveModule } from './live.module';

/**
 * The socket.io gateway, apart from LiveModule (the in-process bus) because it
 * reads events and sessions: the events module publishes on the bus, so the bus
 * cannot depend on it.
 */
@Module({ imports: [LiveModule, AuthModule, EventsModule], providers: [LiveGateway] })
export class LiveGatewayModule {}
