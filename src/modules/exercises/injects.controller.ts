import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { badRequest } from '../../common/app-error';
import { ALL_ROLES, Allow, CurrentUser, Roles, SessionUser } from '../../access';
import { CreateInjectDto, InjectResponseDto, SkipInjectDto } from './injects.dto';
import { InjectImportService, readCsvBody } from './inject-import.service';
import { InjectsService } from './injects.service';

@ApiTags('exercises')
@ApiBearerAuth()
@Controller('api/exercises/:id')
export class InjectsController {
  constructor(
    private readonly injects: InjectsService,
    private readonly importer: InjectImportService,
  ) {}

  @Get('injects')
  @Roles(...ALL_ROLES)
  board(@Param('id') id: string) {
    return this.injects.board(id);
  }

  @Post('injects')
  @Allow('exercises.direct')
  add(@Param('id') id: string, @Body() dto: CreateInjectDto, @CurrentUser() me: SessionUser) {
    return this.injects.add(id, dto, me.username);
  }

  /** CSV (text/csv): offset_minutes;scenario;recipient;means;expected_action. 422 with line-numbered errors, nothing written. */
  @Post('injects/import')
  @HttpCode(200)
  @Allow('exercises.direct')
  @ApiConsumes('text/csv')
  async importCsv(@Param('id') id: string, @Req() req: Request, @CurrentUser() me: SessionUser, @Query('dryRun') dryRun?: string) {
    if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false') throw badRequest('dry_run_invalid', 'dryRun must be true or false.');
    return this.importer.importCsv(id, await readCsvBody(req), dryRun === 'true', me.username);
  }

  @Post('msel/start')
  @HttpCode(200)
  @Allow('exercises.direct')
  start(@Param('id') id: string, @CurrentUser() me: SessionUser) {
    return this.injects.startMsel(id, me.username);
  }

  @Post('msel/pause')
  @HttpCode(200)
  @Allow('exercises.direct')
  pause(@Param('id') id: string, @CurrentUser() me: SessionUser) {
    return this.injects.pause(id, me.username);
  }

  @Post('msel/resume')
  @HttpCode(200)
  @Allow('exercises.direct')
  resume(@Param('id') id: string, @CurrentUser() me: SessionUser) {
    return this.injects.resume(id, me.username);
  }

  @Post('injects/:injectId/skip')
  @HttpCode(200)
  @Allow('exercises.direct')
  skip(@Param('id') id: string, @Param('injectId') injectId: string, @Body() dto: SkipInjectDto, @CurrentUser() me: SessionUser) {
    return this.injects.skip(id, injectId, dto.reason, me.username);
  }

  @Post('injects/:injectId/deliver')
  @HttpCode(200)
  @Allow('exercises.direct')
  deliver(@Param('id') id: string, @Param('injectId') injectId: string, @CurrentUser() me: SessionUser) {
    return this.injects.deliverNow(id, injectId, me.username);
  }

  @Post('injects/:injectId/response')
  @HttpCode(201)
  @Allow('injects.respond')
  respond(@Param('id') id: string, @Param('injectId') injectId: string, @Body() dto: InjectResponseDto, @CurrentUser() me: SessionUser) {
    return this.injects.respond(id, injectId, dto.text, me.username);
  }
}
