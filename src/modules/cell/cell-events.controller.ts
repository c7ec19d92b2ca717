import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, Allow, CurrentUser, Roles, SessionUser } from '../../access';
import { DeclareOperationalDto } from './cell.dto';
import { CellAckService } from './cell-ack.service';
import { CellPagerService } from './cell-pager.service';
import { CellPanelService } from './cell-panel.service';

@ApiTags('cell')
@ApiBearerAuth()
@Controller('api/events/:id')
export class CellEventsController {
  constructor(
    private readonly pager: CellPagerService,
    private readonly acks: CellAckService,
    private readonly panels: CellPanelService,
  ) {}

  /** Pages the on-call members; starts C1 on the first call. `errors` lists the roles nobody covers (the others are paged). */
  @Post('cell-activation')
  @HttpCode(201)
  @Allow('cell.call')
  call(@Param('id') id: string, @CurrentUser() me: SessionUser) {
    return this.pager.callCell(id, me.username);
  }

  @Post('cell-operational')
  @HttpCode(200)
  @Allow('cell.declare_operational')
  operational(@Param('id') id: string, @Body() dto: DeclareOperationalDto, @CurrentUser() me: SessionUser) {
    return this.acks.declareOperational(id, me.username, dto.declaredBy);
  }

  @Get('cell')
  @Roles(...ALL_ROLES)
  panel(@Param('id') id: string) {
    return this.panels.panel(id);
  }

  /** Records an acknowledgement for a member, e.g. one who answered by phone. */
  @Post('cell/pages/:pageId/ack')
  @HttpCode(200)
  @Allow('cell.acknowledge')
  ack(@Param('id') id: string, @Param('pageId') pageId: string, @CurrentUser() me: SessionUser) {
    return this.acks.acknowledgeFromConsole(id, pageId, me.username);
  }
}
