import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class AuditWindowDto {
  @ApiPropertyOptional({ description: 'ISO-8601 start of the window (inclusive)', example: '2026-11-28T00:00:00+01:00' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'from must be a date such as 2026-11-28T02:10:00+01:00' })
  from?: Date;

  @ApiPropertyOptional({ description: 'ISO-8601 end of the window (inclusive)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'to must be a date such as 2026-11-28T03:10:00+01:00' })
  to?: Date;
}

export class AuditQueryDto extends AuditWindowDto {
  @ApiPropertyOptional({ example: 'event' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  subjectType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(128)
  subjectId?: string;

  @ApiPropertyOptional({ example: 'auth.login' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  action?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number from 1' })
  @Min(1, { message: 'page must be a whole number from 1' })
  page: number = 1;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number between 1 and 1000' })
  @Min(1, { message: 'pageSize must be a whole number between 1 and 1000' })
  @Max(1000, { message: 'pageSize must be a whole number between 1 and 1000' })
  pageSize: number = 100;
}
