import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { badRequest } from '../../common/app-error';
import { parseYear } from '../../domain/time/calendar-year';
import { ALL_ROLES, Allow, CurrentUser, Public, Roles, SessionUser } from '../../access';
import { CalendarService } from './calendar.service';
import { ExercisesReadService } from './exercises-read.service';
import { CreateExerciseDto, ProgrammeTargetDto, ReasonDto, StartExerciseDto, UpdateExerciseDto } from './exercises.dto';
import { ExercisesService } from './exercises.service';

function yearParam(value: string): number {
  const year = parseYear(value);
  if (!year.ok) throw badRequest('year_invalid', year.message);
  return year.year;
}

/** The year asked for, or undefined for the current one (the services read it on the database clock). */
const yearOf = (value: string | undefined): number | undefined => (value === undefined || value === '' ? undefined : yearParam(value));

@ApiTags('exercises')
@ApiBearerAuth()
@Controller('api/exercises')
export class ExercisesController {
  constructor(
    private readonly exercises: ExercisesService,
    private readonly read: ExercisesReadService,
    private readonly calendar: CalendarService,
  ) {}

  @Get('programme')
  @Roles(...ALL_ROLES)
  programme(@Query('year') year?: string) {
    return this.read.programme(yearOf(year));
  }

  @Put('programme/:year')
  @Allow('exercises.plan')
  setTarget(@Param('year') year: string, @Body() dto: ProgrammeTargetDto, @CurrentUser() me: SessionUser) {
    return this.read.setTarget(yearParam(year), dto.target, me.username);
  }

  /** The iCalendar feed: no session, a per-user token in the address (calendar clients cannot log in). */
  @Public()
  @Get('calendar.ics')
  async calendarFeed(@Query('token') token: string | undefined, @Res() res: Response) {
    const body = await this.calendar.feed(token);
    res.set({ 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'private, no-cache', 'Content-Disposition': 'inline; filename="exercices.ics"' });
    res.send(body);
  }

  @Post('calendar-token')
  @HttpCode(201)
  @Roles(...ALL_ROLES)
  calendarToken(@CurrentUser() me: SessionUser) {
    return this.calendar.issueToken({ id: me.id, username: me.username });
  }

  @Post()
  @Allow('exercises.plan')
  create(@Body() dto: CreateExerciseDto, @CurrentUser() me: SessionUser) {
    return this.exercises.create(dto, me.username);
  }

  @Get()
  @Roles(...ALL_ROLES)
  list(@Query('year') year?: string) {
    return this.exercises.list(yearOf(year));
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  get(@Param('id') id: string) {
    return this.exercises.get(id);
  }

  @Patch(':id')
  @Allow('exercises.plan')
  update(@Param('id') id: string, @Body() dto: UpdateExerciseDto, @CurrentUser() me: SessionUser) {
    return this.exercises.update(id, dto, me.username);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Allow('exercises.plan')
  cancel(@Param('id') id: string, @Body() dto: ReasonDto, @CurrentUser() me: SessionUser) {
    return this.exercises.cancel(id, dto, me.username);
  }

  @Post(':id/start')
  @HttpCode(200)
  @Allow('exercises.direct')
  start(@Param('id') id: string, @Body() dto: StartExerciseDto, @CurrentUser() me: SessionUser) {
    return this.exercises.start(id, dto, me.username);
  }

  @Post(':id/end')
  @HttpCode(200)
  @Allow('exercises.direct')
  end(@Param('id') id: string, @Body() dto: ReasonDto, @CurrentUser() me: SessionUser) {
    return this.exercises.end(id, dto, me.username);
  }
}
