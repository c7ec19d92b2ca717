import { Module } from '@nestjs/common';
import { LiveModule } from '../live/live.module';
import { PublicBulletinsService } from './public-bulletins.service';
import { PublicPageController } from './public-page.controller';

/** The public information page of each event, its Atom and CAP 1.2 feeds: what the public_page channel publishes. */
@Module({ imports: [LiveModule], controllers: [PublicPageController], providers: [PublicBulletinsService] })
export class PublicPageModule {}
