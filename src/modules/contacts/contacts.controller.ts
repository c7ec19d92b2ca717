import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ALL_ROLES, Allow, CurrentUser, Roles, SessionUser } from '../../access';
import { ContactImportService } from './contact-import.service';
import { ContactListsService } from './contact-lists.service';
import { MAX_IMPORT_BYTES, readUploadedCsv } from './contact-upload';
import { ContactQueryDto, CreateContactDto, CreateListDto, ImportQueryDto, MembersQueryDto, UpdateContactDto } from './contacts.dto';
import { ContactsService } from './contacts.service';

// The literal routes (lists, import) come before `:id` so that they are not read as an id.
@ApiTags('contacts')
@ApiBearerAuth()
@Controller('api/contacts')
export class ContactsController {
  constructor(
    private readonly contacts: ContactsService,
    private readonly lists: ContactListsService,
    private readonly importer: ContactImportService,
  ) {}

  @Get()
  @Roles(...ALL_ROLES)
  list(@Query() q: ContactQueryDto) {
    return this.contacts.list(q);
  }

  @Post()
  @Allow('contacts.write')
  create(@Body() dto: CreateContactDto, @CurrentUser() me: SessionUser) {
    return this.contacts.create(dto, me.username);
  }

  @Get('lists')
  @Roles(...ALL_ROLES)
  allLists() {
    return this.lists.list();
  }

  @Post('lists')
  @Allow('contacts.write')
  createList(@Body() dto: CreateListDto, @CurrentUser() me: SessionUser) {
    return this.lists.create(dto, me.username);
  }

  @Get('lists/:id/members')
  @Roles(...ALL_ROLES)
  members(@Param('id') id: string, @Query() q: MembersQueryDto) {
    return this.lists.members(id, q.eventId);
  }

  /**
   * Columns kind;name;organisation;commune_insee;email;mobile;exercise_participant;lists
   * (see templates/contacts/vosges-sample.csv). 200 with the report when imported or
   * on a dry run; 422 with the report in `details` when lines are bad and nothing was imported.
   */
  @Post('import')
  @HttpCode(200)
  @Allow('contacts.write')
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiBody({ description: 'The CSV file as the body, or in the multipart field `file`' })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } }))
  async import(@Req() req: Request, @Query() q: ImportQueryDto, @CurrentUser() me: SessionUser) {
    const body = await readUploadedCsv(req);
    return this.importer.importCsv(body, { dryRun: q.dryRun === 'true', skipBadLines: q.skipBadLines === 'true' }, { actor: me.username, source: 'upload' });
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  get(@Param('id') id: string) {
    return this.contacts.get(id);
  }

  @Patch(':id')
  @Allow('contacts.write')
  update(@Param('id') id: string, @Body() dto: UpdateContactDto, @CurrentUser() me: SessionUser) {
    return this.contacts.update(id, dto, me.username);
  }

  @Delete(':id')
  @Allow('contacts.write')
  remove(@Param('id') id: string, @CurrentUser() me: SessionUser) {
    return this.contacts.deactivate(id, me.username);
  }
}
