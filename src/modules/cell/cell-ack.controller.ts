import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../access';
import { renderLinkState } from './ack-pages';
import { CellAckService, LinkState } from './cell-ack.service';

/**
 * The acknowledgement link of a page, opened by the member without logging in.
 * GET shows a confirmation button and changes nothing; POST records. A state
 * change on GET would be triggered by mail scanners and link previews that
 * fetch every link of a message: the role would count as answered, the
 * escalation would stop, and nobody would be coming.
 */
@ApiExcludeController()
@Controller('cell/ack')
export class CellAckController {
  constructor(private readonly acks: CellAckService) {}

  @Public()
  @Get(':token')
  async show(@Param('token') token: string, @Res() res: Response) {
    sendPage(res, await this.acks.inspectLink(token), token);
  }

  @Public()
  @Post(':token')
  @HttpCode(200)
  async confirm(@Param('token') token: string, @Res() res: Response) {
    sendPage(res, await this.acks.acknowledgeByLink(token), token);
  }
}

function sendPage(res: Response, state: LinkState, token: string): void {
  const { status, html } = renderLinkState(state, `/cell/ack/${encodeURIComponent(token)}`);
  // The token is a credential in the path: keep it out of caches and out of Referer headers.
  res.status(status).set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex' }).type('html').send(html);
}
