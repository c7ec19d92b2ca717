import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, Allow, CurrentUser, Roles, SessionUser } from '../../access';
import { EventsService } from '../events/events.service';
import { ResolveDeliveryDto } from './deliveries.dto';
import { DeliveriesService } from './deliveries.service';

@ApiTags('deliveries')
@ApiBearerAuth()
@Controller('api')
export class DeliveriesController {
  constructor(
    private readonly deliveries: DeliveriesService,
    private readonly events: EventsService,
  ) {}

  @Get('events/:id/deliveries')
  @Roles(...ALL_ROLES)
  async ofEvent(@Param('id') id: string) {
    await this.events.get(id);
    return this.deliveries.ofEvent(id);
  }

  @Post('deliveries/:id/resolve')
  @HttpCode(200)
  @Allow('deliveries.resolve')
  resolve(@Param('id') id: string, @Body() dto: ResolveDeliveryDto, @CurrentUser() me: SessionUser) {
    return this.deliveries.resolve(id, { published: dto.published, postUrl: dto.postUrl, note: dto.note.trim() }, me.username);
  }
}
