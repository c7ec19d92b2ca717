import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, Allow, CurrentUser, Roles, SessionUser } from '../../access';
import { DeliveriesService } from '../delivery/deliveries.service';
import { MessageDispatchService } from './message-dispatch.service';
import { CreateMessageDto, DispatchDto, MessageDeliveriesQueryDto } from './messages.dto';
import { MessagesService } from './messages.service';

@ApiTags('messages')
@ApiBearerAuth()
@Controller('api')
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly dispatcher: MessageDispatchService,
    private readonly deliveries: DeliveriesService,
  ) {}

  @Post('events/:id/messages')
  @Allow('messages.create')
  create(@Param('id') eventId: string, @Body() dto: CreateMessageDto, @CurrentUser() me: SessionUser) {
    return this.messages.create(eventId, dto, me.username);
  }

  @Get('events/:id/messages')
  @Roles(...ALL_ROLES)
  list(@Param('id') eventId: string) {
    return this.messages.list(eventId);
  }

  @Get('messages/:id/preview')
  @Roles(...ALL_ROLES)
  preview(@Param('id') id: string) {
    return this.messages.preview(id);
  }

  @Post('messages/:id/approve')
  @HttpCode(200)
  @Allow('messages.approve')
  approve(@Param('id') id: string, @CurrentUser() me: SessionUser) {
    return this.messages.approve(id, me.username);
  }

  @Post('messages/:id/dispatch')
  @HttpCode(200)
  @Allow('messages.dispatch')
  dispatch(@Param('id') id: string, @Body() dto: DispatchDto, @CurrentUser() me: SessionUser) {
    return this.dispatcher.dispatch(id, me.username, dto.note);
  }

  @Get('messages/:id/deliveries')
  @Roles(...ALL_ROLES)
  async deliveriesOf(@Param('id') id: string, @Query() q: MessageDeliveriesQueryDto) {
    await this.messages.assertExists(id);
    return this.deliveries.ofMessage(id, { status: q.status, channel: q.channel, page: q.page, pageSize: q.pageSize });
  }
}
