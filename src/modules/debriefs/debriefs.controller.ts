import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, Allow, CurrentUser, Roles, SessionUser } from '../../access';
import { DebriefWritesService } from './debrief-writes.service';
import { ActionsQueryDto, CreateActionDto, UpdateActionDto, WriteDebriefDto } from './debriefs.dto';
import { DebriefsService } from './debriefs.service';

/** RETEX: reviewers write debriefs and action plans; every role reads them. */
@ApiTags('debriefs')
@ApiBearerAuth()
@Controller('api')
export class DebriefsController {
  constructor(
    private readonly debriefs: DebriefsService,
    private readonly writes: DebriefWritesService,
  ) {}

  /** Both phases (null when not written yet), each with its action plan. */
  @Get('events/:id/debriefs')
  @Roles(...ALL_ROLES)
  panel(@Param('id') id: string) {
    return this.debriefs.panel(id);
  }

  /** Creates the hot or cold debrief, or replaces its content; its actions stay. */
  @Put('events/:id/debriefs/:phase')
  @HttpCode(200)
  @Allow('debriefs.write')
  async write(@Param('id') id: string, @Param('phase') phase: string, @Body() dto: WriteDebriefDto, @CurrentUser() me: SessionUser) {
    const { created } = await this.writes.write(id, phase, dto, me.username);
    return { created, ...(await this.debriefs.panel(id)) };
  }

  @Post('events/:id/debriefs/:phase/actions')
  @HttpCode(201)
  @Allow('debriefs.write')
  addAction(@Param('id') id: string, @Param('phase') phase: string, @Body() dto: CreateActionDto, @CurrentUser() me: SessionUser) {
    return this.writes.addAction(id, phase, dto, me.username);
  }

  @Patch('debrief-actions/:actionId')
  @HttpCode(200)
  @Allow('debriefs.write')
  updateAction(@Param('actionId') actionId: string, @Body() dto: UpdateActionDto, @CurrentUser() me: SessionUser) {
    return this.writes.updateAction(actionId, dto, me.username);
  }

  /** Actions across events; `overdue=true` only the late ones, `year` the year of their due date. */
  @Get('debrief-actions')
  @Roles(...ALL_ROLES)
  actions(@Query() q: ActionsQueryDto) {
    return this.debriefs.actions({ year: q.year, overdueOnly: q.overdue === true });
  }
}
