import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { AUDIENCES, Audience } from '../../domain/events/commitment-clocks';
import { EVENT_KINDS, EventKind } from '../../domain/events/event-kind';
import { EVENT_MODES, EventMode } from '../../domain/events/event-mode';
import { IsInstant, Optional } from '../../common/edge-validators';

const DATE_MESSAGE = (field: string) => `${field} must be a date and time such as 2026-11-28T02:10:00+01:00`;

export class CreateEventDto {
  @ApiProperty({ example: 'Feu de forêt — massif de la Vologne' })
  @IsString()
  @MinLength(3, { message: 'title must have at least 3 characters' })
  @MaxLength(200)
  title: string;

  @ApiProperty({ enum: EVENT_KINDS })
  @IsIn(EVENT_KINDS as unknown as string[], { message: `kind must be one of: ${EVENT_KINDS.join(', ')}` })
  kind: EventKind;

  @ApiProperty({ enum: EVENT_MODES })
  @IsIn(EVENT_MODES as unknown as string[], { message: 'mode must be real or exercise' })
  mode: EventMode;

  @ApiProperty({ type: [String], example: ['88160', '88196'], description: 'INSEE codes of the affected communes' })
  @IsArray({ message: 'communes must be a list of INSEE codes such as ["88160"]' })
  @ArrayMinSize(1, { message: 'communes must name at least one affected commune (INSEE code such as 88160)' })
  @ArrayMaxSize(1000)
  @IsString({ each: true, message: 'each commune must be an INSEE code written as text, such as "88160"' })
  communes: string[];

  @ApiPropertyOptional({ example: 'SYN-2026-0412' })
  @Optional()
  @IsString()
  @MaxLength(64)
  synergiRef?: string;
}

export class CodActivationDto {
  @ApiProperty({ example: 'M. le Préfet', description: 'Who decided the activation' })
  @IsString({ message: 'decidedBy must name who decided (e.g. "M. le Préfet")' })
  @MinLength(2, { message: 'decidedBy must name who decided (e.g. "M. le Préfet")' })
  @MaxLength(120)
  decidedBy: string;

  @ApiPropertyOptional({ description: 'When the prefect decided; defaults to now' })
  @Optional()
  @IsInstant({ message: DATE_MESSAGE('decidedAt') })
  decidedAt?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(64)
  synergiRef?: string;

  @ApiPropertyOptional({ description: 'Required when the decision is recorded more than a few minutes after it was taken' })
  @Optional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class CipOrderDto {
  @ApiProperty({ example: '0 800 130 000', description: 'The national information number (NNIP) to publish' })
  @IsString({ message: 'nationalNumber must be the national information number, such as 0 800 130 000' })
  nationalNumber: string;

  @ApiProperty({ example: 'M. le Préfet', description: 'The prefect who gave the order' })
  @IsString({ message: 'orderedBy must name the prefect who gave the order' })
  @MinLength(2, { message: 'orderedBy must name the prefect who gave the order' })
  @MaxLength(120)
  orderedBy: string;

  @ApiPropertyOptional({ description: 'When the order was given; defaults to now' })
  @Optional()
  @IsInstant({ message: DATE_MESSAGE('orderedAt') })
  orderedAt?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class CipOpenedDto {
  @ApiPropertyOptional({ description: 'When the CIP opened; defaults to now' })
  @Optional()
  @IsInstant({ message: DATE_MESSAGE('openedAt') })
  openedAt?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ManualFactDto {
  @ApiProperty({ enum: AUDIENCES })
  @IsIn(AUDIENCES as unknown as string[], { message: `audience must be one of: ${AUDIENCES.join(', ')}` })
  audience: Audience;

  @ApiProperty({ example: 'Appel téléphonique aux maires des 12 communes touchées' })
  @IsString()
  @MinLength(3, { message: 'description must say what was done (at least 3 characters)' })
  @MaxLength(500)
  description: string;

  @ApiProperty({ example: 'téléphone' })
  @IsString()
  @MinLength(2, { message: 'means must say how (e.g. téléphone, radio, affichage)' })
  @MaxLength(80)
  means: string;

  @ApiPropertyOptional({ description: 'When it was done; defaults to now' })
  @Optional()
  @IsInstant({ message: DATE_MESSAGE('occurredAt') })
  occurredAt?: string;

  @ApiPropertyOptional({ description: 'Who did it, when not the person recording it' })
  @Optional()
  @IsString()
  @MaxLength(120)
  doneBy?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class CloseEventDto {
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
