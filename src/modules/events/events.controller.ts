import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { wholeNumberParam } from '../../common/edge-validators';
import { ALL_ROLES, Allow, CurrentUser, Roles, SessionUser } from '../../access';
import { EventDecisionsService } from './event-decisions.service';
import { CipOpenedDto, CipOrderDto, CloseEventDto, CodActivationDto, CreateEventDto, ManualFactDto } from './events.dto';
import { EventPollsService } from './event-polls.service';
import { EventsService } from './events.service';
import { TimelineService } from './timeline.service';

@ApiTags('events')
@ApiBearerAuth()
@Controller('api/events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly polls: EventPollsService,
    private readonly decisions: EventDecisionsService,
    private readonly timeline: TimelineService,
  ) {}

  @Post()
  @Allow('events.create')
  create(@Body() dto: CreateEventDto, @CurrentUser() me: SessionUser) {
    return this.events.create(dto, me.username);
  }

  @Get()
  @Roles(...ALL_ROLES)
  list(@Query('status') status?: string, @Query('mode') mode?: string) {
    return this.events.list({ status, mode });
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  get(@Param('id') id: string) {
    return this.polls.event(id);
  }

  @Get(':id/commitments')
  @Roles(...ALL_ROLES)
  commitments(@Param('id') id: string) {
    return this.polls.commitmentsOf(id);
  }

  @Get(':id/timeline')
  @Roles(...ALL_ROLES)
  timelineOf(@Param('id') id: string, @Query('afterSeq') afterSeq?: string) {
    return this.timeline.of(id, wholeNumberParam(afterSeq, 'afterSeq', { min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 0);
  }

  @Post(':id/cod-activation')
  @HttpCode(200)
  @Allow('events.activate_cod')
  activateCod(@Param('id') id: string, @Body() dto: CodActivationDto, @CurrentUser() me: SessionUser) {
    return this.decisions.activateCod(id, dto, me.username);
  }

  @Post(':id/cip-order')
  @HttpCode(200)
  @Allow('events.order_cip')
  orderCip(@Param('id') id: string, @Body() dto: CipOrderDto, @CurrentUser() me: SessionUser) {
    return this.decisions.orderCip(id, dto, me.username);
  }

  @Post(':id/cip-opened')
  @HttpCode(200)
  @Allow('events.open_cip')
  openCip(@Param('id') id: string, @Body() dto: CipOpenedDto, @CurrentUser() me: SessionUser) {
    return this.decisions.openCip(id, dto, me.username);
  }

  @Post(':id/facts')
  @HttpCode(201)
  @Allow('events.record_fact')
  recordFact(@Param('id') id: string, @Body() dto: ManualFactDto, @CurrentUser() me: SessionUser) {
    return this.decisions.recordManualFact(id, dto, me.username);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Allow('events.close')
  close(@Param('id') id: string, @Body() dto: CloseEventDto, @CurrentUser() me: SessionUser) {
    return this.events.close(id, dto, me.username);
  }
}
