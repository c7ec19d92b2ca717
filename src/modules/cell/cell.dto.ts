import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsArray, IsBoolean, IsIn, IsInt, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../../common/edge-validators';

// Name, role, email and phone are only allowed through here: their meaning is checked by
// src/domain/cell/cell-member.policy.ts, whose messages say what to type instead.
export class CreateCellMemberDto {
  @ApiProperty({ example: 'Claire Dupont' })
  @Allow()
  name: unknown;

  @ApiProperty({ example: 'chief', description: 'chief, writer, social_media, press, cip, or a role of the prefecture' })
  @Allow()
  role: unknown;

  @ApiProperty({ example: 'claire.dupont@vosges.gouv.fr' })
  @Allow()
  email: unknown;

  @ApiProperty({ example: '06 12 34 56 78', description: 'mobile number; stored in E.164' })
  @Allow()
  phone: unknown;

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class UpdateCellMemberDto {
  @ApiPropertyOptional({ type: String, example: 'Claire Dupont' }) @Allow() name?: unknown;
  @ApiPropertyOptional({ type: String, example: 'chief' }) @Allow() role?: unknown;
  @ApiPropertyOptional({ type: String, example: 'claire.dupont@vosges.gouv.fr' }) @Allow() email?: unknown;
  @ApiPropertyOptional({ type: String, example: '06 12 34 56 78' }) @Allow() phone?: unknown;

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class CreateRotationDto {
  @ApiProperty({ example: 'chief' })
  @Allow()
  role: unknown;

  @ApiProperty({ example: '2026-03-23T09:00', description: 'first handover, Paris wall-clock time (YYYY-MM-DDTHH:mm)' })
  @IsString({ message: 'startLocal must be a Paris date and time such as 2026-03-23T09:00' })
  startLocal: string;

  @ApiPropertyOptional({ default: 168, description: 'hours between handovers (168 = weekly)' })
  @Optional()
  @IsInt({ message: 'shiftHours must be a whole number of hours' })
  @Min(1, { message: 'shiftHours must be at least 1' })
  @Max(8784, { message: 'shiftHours must be at most 8784 (a year)' })
  shiftHours?: number;

  @ApiProperty({ type: [String], description: 'cell member ids, in handover order' })
  @IsArray({ message: 'memberIds must be a list of cell member ids' })
  @IsUUID('all', { each: true, message: 'memberIds must hold cell member ids' })
  memberIds: string[];
}

export class CreateOverrideDto {
  @ApiProperty({ enum: ['swap', 'leave'] })
  @IsIn(['swap', 'leave'], { message: 'kind must be swap (someone takes a role) or leave (someone is away)' })
  kind: 'swap' | 'leave';

  @ApiProperty()
  @IsUUID('all', { message: 'memberId must be a cell member id' })
  memberId: string;

  @ApiPropertyOptional({ description: 'the role taken over (swap only)' })
  @Allow()
  role?: unknown;

  @ApiProperty({ example: '2026-04-01T09:00:00+02:00' })
  @IsString({ message: 'from must be a date and time such as 2026-04-01T09:00:00+02:00' })
  from: string;

  @ApiProperty({ example: '2026-04-08T09:00:00+02:00' })
  @IsString({ message: 'to must be a date and time such as 2026-04-08T09:00:00+02:00' })
  to: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class DeclareOperationalDto {
  @ApiPropertyOptional({ description: 'the cell chief who declares it, as they are named (defaults to the user)' })
  @Optional()
  @IsString()
  @MaxLength(120)
  declaredBy?: string;
}
