import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { wholeNumberParam } from '../../common/edge-validators';
import { ALL_ROLES, CurrentUser, Roles, SessionUser } from '../auth/roles.decorator';
import { CreateCellMemberDto, CreateOverrideDto, CreateRotationDto, UpdateCellMemberDto } from './cell.dto';
import { CellRosterService } from './cell-roster.service';

@ApiTags('cell')
@ApiBearerAuth()
@Controller('api/cell')
export class CellRosterController {
  constructor(private readonly roster: CellRosterService) {}

  // Members' phones and emails are personal data: not for reviewers.
  @Get('members')
  @Roles('admin', 'duty_officer', 'prefect', 'communication')
  listMembers() {
    return this.roster.listMembers();
  }

  @Post('members')
  @Roles('admin', 'duty_officer')
  createMember(@Body() dto: CreateCellMemberDto, @CurrentUser() me: SessionUser) {
    return this.roster.createMember(dto, me.username);
  }

  @Patch('members/:id')
  @Roles('admin', 'duty_officer')
  updateMember(@Param('id') id: string, @Body() dto: UpdateCellMemberDto, @CurrentUser() me: SessionUser) {
    return this.roster.updateMember(id, dto, me.username);
  }

  @Get('rotations')
  @Roles(...ALL_ROLES)
  listRotations() {
    return this.roster.listRotations();
  }

  @Post('rotations')
  @Roles('admin', 'duty_officer')
  createRotation(@Body() dto: CreateRotationDto, @CurrentUser() me: SessionUser) {
    return this.roster.createRotation(dto, me.username);
  }

  @Delete('rotations/:id')
  @HttpCode(204)
  @Roles('admin', 'duty_officer')
  deleteRotation(@Param('id') id: string, @CurrentUser() me: SessionUser) {
    return this.roster.deleteRotation(id, me.username);
  }

  @Get('overrides')
  @Roles(...ALL_ROLES)
  listOverrides() {
    return this.roster.listOverrides();
  }

  @Post('overrides')
  @Roles('admin', 'duty_officer')
  createOverride(@Body() dto: CreateOverrideDto, @CurrentUser() me: SessionUser) {
    return this.roster.createOverride(dto, me.username);
  }

  @Delete('overrides/:id')
  @HttpCode(204)
  @Roles('admin', 'duty_officer')
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
