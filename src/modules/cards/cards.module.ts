import { Module } from '@nestjs/common';
import { CardsController } from './cards.controller';
import { CardsService } from './cards.service';
import { CardsStore } from './cards.store';

/** The visual card of each public bulletin: rendered on the server, attached to the posts, shown on the public page. */
@Module({ controllers: [CardsController], providers: [CardsStore, CardsService], exports: [CardsService] })
export class CardsModule {}
