import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { EventsModule } from '../events/events.module';
import { LiveModule } from '../live/live.module';
import { MessagesModule } from '../messages/messages.module';
import { PublicBulletinsService } from './public-bulletins.service';
import { PublicPageController } from './public-page.controller';

/** The public information page of each event, its Atom and CAP 1.2 feeds: what the public_page channel publishes, read through the events, delivery and messages modules. */
@Module({ imports: [LiveModule, EventsModule, DeliveryModule, MessagesModule], controllers: [PublicPageController], providers: [PublicBulletinsService] })
export class PublicPageModule {}
