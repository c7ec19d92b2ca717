import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, CurrentUser, Roles, SessionUser } from '../auth/roles.decorator';
import { PLANNERS } from './exercises.controller';
import { CreateInjectDto, InjectResponseDto, SkipInjectDto } from './injects.dto';
import { InjectsService } from './injects.service';

@ApiTags('exercises')
@ApiBearerAuth()
@Controller('api/exercises/:id')
export class InjectsController {
  constructor(private readonly injects: InjectsService) {}

  @Get('injects')
  @Roles(...ALL_ROLES)
  board(@Param('id') id: string) {
    return this.injects.board(id);
  }

  @Post('injects')
  @Roles(...PLANNERS)
  add(@Param('id') id: string, @Body() dto: CreateInjectDto, @CurrentUser() me: SessionUser) {
    return this.injects.add(id, dto, me.username);
  }

  @Post('msel/start')
  @HttpCode(200)
  @Roles(...PLANNERS)
  start(@Param('id') id: string, @CurrentUser() me: SessionUser) {
    return this.injects.startMsel(id, me.username);
  }

  @Post('msel/pause')
  @HttpCode(200)
  @Roles(...PLANNERS)
  pause(@Param('id') id: string, @CurrentUser() me: SessionUser) {
    return this.injects.pause(id, me.username);
  }

  @Post('msel/resume')
  @HttpCode(200)
  @Roles(...PLANNERS)
  resume(@Param('id') id: string, @CurrentUser() me: SessionUser) {
    return this.injects.resume(id, me.username);
  }

  @Post('injects/:injectId/skip')
  @HttpCode(200)
  @Roles(...PLANNERS)
  skip(@Param('id') id: string, @Param('injectId') injectId: string, @Body() dto: SkipInjectDto, @CurrentUser() me: SessionUser) {
    return this.injects.skip(id, injectId, dto.reason, me.username);
  }

  @Post('injects/:injectId/deliver')
  @HttpCode(200)
  @Roles(...PLANNERS)
  deliver(@Param('id') id: string, @Param('injectId') injectId: string, @CurrentUser() me: SessionUser) {
    return this.injects.deliverNow(id, injectId, me.username);
  }

  @Post('injects/:injectId/response')
  @HttpCode(201)
  @Roles(...ALL_ROLES)
  respond(@Param('id') id: string, @Param('injectId') injectId: string, @Body() dto: InjectResponseDto, @CurrentUser() me: SessionUser) {
    return this.injects.respond(id, injectId, dto.text, me.username);
  }
}
