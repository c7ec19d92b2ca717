import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { wholeNumberParam } from '../../common/edge-validators';
import { ALL_ROLES, Allow, CurrentUser, Roles, SessionUser } from '../../access';
import { CreateCellMemberDto, CreateOverrideDto, CreateRotationDto, UpdateCellMemberDto } from './cell.dto';
import { CellRosterService } from './cell-roster.service';

@ApiTags('cell')
@ApiBearerAuth()
@Controller('api/cell')
export class CellRosterController {
  constructor(private readonly roster: CellRosterService) {}

  // Members' phones and emails are personal data: not for reviewers.
  @Get('members')
  @Allow('cell.roster_read')
  listMembers() {
    return this.roster.listMembers();
  }

  @Post('members')
  @Allow('cell.roster_manage')
  createMember(@Body() dto: CreateCellMemberDto, @CurrentUser() me: SessionUser) {
    return this.roster.createMember(dto, me.username);
  }

  @Patch('members/:id')
  @Allow('cell.roster_manage')
  updateMember(@Param('id') id: string, @Body() dto: UpdateCellMemberDto, @CurrentUser() me: SessionUser) {
    return this.roster.updateMember(id, dto, me.username);
  }

  @Get('rotations')
  @Roles(...ALL_ROLES)
  listRotations() {
    return this.roster.listRotations();
  }

  @Post('rotations')
  @Allow('cell.roster_manage')
  createRotation(@Body() dto: CreateRotationDto, @CurrentUser() me: SessionUser) {
    return this.roster.createRotation(dto, me.username);
  }

  @Delete('rotations/:id')
  @HttpCode(204)
  @Allow('cell.roster_manage')
  deleteRotation(@Param('id') id: string, @CurrentUser() me: SessionUser) {
    return this.roster.deleteRotation(id, me.username);
  }

  @Get('overrides')
  @Roles(...ALL_ROLES)
  listOverrides() {
    return this.roster.listOverrides();
  }

  @Post('overrides')
  @Allow('cell.roster_manage')
  createOverride(@Body() dto: CreateOverrideDto, @CurrentUser() me: SessionUser) {
    return this.roster.createOverride(dto, me.username);
  }

  @Delete('overrides/:id')
  @HttpCode(204)
  @Allow('cell.roster_manage')
  deleteOverride(@Param('id') id: string, @CurrentUser() me: SessionUser) {
    return this.roster.deleteOverride(id, me.username);
  }

  @Get('on-call')
  @Roles(...ALL_ROLES)
  onCall(@Query('at') at?: string) {
    return this.roster.onCall(at);
  }

  @Get('coverage')
  @Roles(...ALL_ROLES)
  coverage(@Query('days') days?: string) {
    return this.roster.coverage(wholeNumberParam(days, 'days', { min: 1, max: 366 }));
  }
}
