import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { badRequest } from '../../common/app-error';
import { Allow } from '../../access';
import { AuditQueryDto, AuditWindowDto } from './audit-query.dto';
import { AuditService } from './audit.service';

function checkWindow(q: AuditWindowDto) {
  if (q.from && q.to && q.from > q.to) throw badRequest('bad_window', '"from" is after "to": the window is empty.');
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
@Allow('audit.read')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  list(@Query() q: AuditQueryDto) {
    checkWindow(q);
    return this.audit.list(q);
  }

  /** A self-contained bundle; `npm run audit:verify -- bundle.json` checks it offline. */
  @Get('export')
  async export(@Query() q: AuditWindowDto, @Res({ passthrough: true }) res: Response) {
    checkWindow(q);
    const bundle = await this.audit.exportBundle(q.from, q.to);
    res.setHeader('Content-Disposition', `attachment; filename="audit-${bundle.exportedAt.replace(/[:.]/g, '-')}.json"`);
    return bundle;
  }
}
