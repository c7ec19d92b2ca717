import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, Allow, CurrentUser, Roles, SessionUser } from '../../access';
import { isUuid } from '../../domain/ids';
import { EventPollsService } from '../events/event-polls.service';
import { ResolveDeliveryDto } from './deliveries.dto';
import { DeliveriesService } from './deliveries.service';

@ApiTags('deliveries')
@ApiBearerAuth()
@Controller('api')
export class DeliveriesController {
  constructor(
    private readonly deliveries: DeliveriesService,
    private readonly polls: EventPollsService,
  ) {}

  @Get('events/:id/deliveries')
  @Roles(...ALL_ROLES)
  async ofEvent(@Param('id') id: string) {
    // Deliveries are written only for an event that exists, and events are never deleted: only an empty answer needs
    // the event read, for its 404.
    const progress = isUuid(id) ? await this.deliveries.ofEvent(id) : [];
    if (progress.length === 0) await this.polls.event(id);
    return progress;
  }

  @Post('deliveries/:id/resolve')
  @HttpCode(200)
  @Allow('deliveries.resolve')
  resolve(@Param('id') id: string, @Body() dto: ResolveDeliveryDto, @CurrentUser() me: SessionUser) {
    return this.deliveries.resolve(id, { published: dto.published, postUrl: dto.postUrl, note: dto.note.trim() }, me.username);
  }
}
