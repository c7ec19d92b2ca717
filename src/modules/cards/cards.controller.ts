import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../access';
import { CardsService } from './cards.service';

const FILES = { 'square.png': ['square', 'image/png'], 'landscape.png': ['landscape', 'image/png'], 'square.jpg': ['squareJpeg', 'image/jpeg'] } as const;

/** The cards of published bulletins, open to everyone like the public page (and to Instagram, which downloads its image). */
@ApiExcludeController()
@Controller('public/cards')
export class CardsController {
  constructor(private readonly cards: CardsService) {}

  @Public()
  @Get(':messageId/:file')
  async card(@Param('messageId') messageId: string, @Param('file') file: string, @Res() res: Response) {
    const wanted = Object.hasOwn(FILES, file) ? FILES[file as keyof typeof FILES] : undefined;
    const card = wanted ? await this.cards.cardOf(messageId) : null;
    if (!wanted || !card) {
      res.status(404).type('text/plain; charset=utf-8').send("Pas d'image pour ce bulletin : il n'existe pas ou n'a pas été diffusé au public.");
      return;
    }
    const [key, type] = wanted;
    // A card never changes once its bulletin is dispatched.
    res.status(200).type(type).set('Cache-Control', 'public, max-age=86400, immutable').send(card[key]);
  }
}
