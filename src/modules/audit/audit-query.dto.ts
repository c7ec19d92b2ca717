import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { InstantParam, Optional } from '../../common/edge-validators';
import { PageQueryDto } from '../../common/page-query.dto';

export class AuditWindowDto {
  @ApiPropertyOptional({ description: 'ISO-8601 start of the window (inclusive)', example: '2026-11-28T00:00:00+01:00' })
  @Optional()
  @InstantParam('from must be a date such as 2026-11-28T02:10:00+01:00')
  from?: Date;

  @ApiPropertyOptional({ description: 'ISO-8601 end of the window (inclusive)' })
  @Optional()
  @InstantParam('to must be a date such as 2026-11-28T03:10:00+01:00')
  to?: Date;
}

export class AuditQueryDto extends PageQueryDto({ default: 100, max: 1000, message: 'pageSize must be a whole number between 1 and 1000' }, AuditWindowDto) {
  @ApiPropertyOptional({ example: 'event' })
  @Optional()
  @IsString()
  @MaxLength(64)
  subjectType?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(128)
  subjectId?: string;

  @ApiPropertyOptional({ example: 'auth.login' })
  @Optional()
  @IsString()
  @MaxLength(128)
  action?: string;
}
