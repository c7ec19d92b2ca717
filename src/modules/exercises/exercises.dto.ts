import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { EVENT_KINDS, EventKind } from '../../domain/events/event-kind';
import { EXERCISE_TYPES, ExerciseType, TRAINED_COMMITMENTS } from '../../domain/exercises/programme.policy';
import { IsInstant, Optional } from '../../common/edge-validators';

const DATE_MESSAGE = (field: string) => `${field} must be a date and time such as 2027-03-18T09:30:00+01:00`;

export class DirectorDto {
  @ApiProperty({ example: 'Anne Lefèvre' })
  @IsString({ message: 'director.name must be the director’s name' })
  name: string;

  @ApiProperty({ example: 'anne.lefevre@vosges.gouv.fr' })
  @IsString({ message: 'director.email must be an email address' })
  email: string;

  @ApiPropertyOptional({ example: '+33612345678' })
  @Optional()
  @IsString({ message: 'director.phone must be a mobile number written as text' })
  phone?: string;
}

export class PlayerDto {
  @ApiProperty({ example: 'Claire Dupont' })
  @IsString({ message: 'each player needs a name' })
  name: string;

  @ApiProperty({ example: 'communication', description: 'A short free text: communication, cabinet, astreinte…' })
  @IsString({ message: 'each player needs a role, such as communication, cabinet or astreinte' })
  role: string;

  @ApiPropertyOptional({ example: 'claire.dupont@vosges.gouv.fr' })
  @Optional()
  @IsString()
  email?: string;

  @ApiPropertyOptional({ example: '+33612345679' })
  @Optional()
  @IsString()
  phone?: string;
}

export class CreateExerciseDto {
  @ApiProperty({ example: 'Crue de la Moselle à Épinal' })
  @IsString()
  @MinLength(3, { message: 'title must have at least 3 characters' })
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: '2027-03-18T09:30:00+01:00' })
  @IsInstant({ message: DATE_MESSAGE('plannedAt') })
  plannedAt: string;

  @ApiProperty({ enum: EVENT_KINDS })
  @IsIn(EVENT_KINDS as unknown as string[], { message: `kind must be one of: ${EVENT_KINDS.join(', ')}` })
  kind: EventKind;

  @ApiProperty({ enum: EXERCISE_TYPES })
  @IsIn(EXERCISE_TYPES as unknown as string[], { message: `type must be one of: ${EXERCISE_TYPES.join(', ')}` })
  type: ExerciseType;

  @ApiPropertyOptional({ type: [String], example: ['Diffuser un premier message aux maires dans l’heure'] })
  @Optional()
  @IsArray({ message: 'objectives must be a list of texts' })
  @ArrayMaxSize(30)
  @IsString({ each: true, message: 'objectives: each objective must be a text' })
  @MinLength(3, { each: true, message: 'objectives: each objective must have at least 3 characters' })
  @MaxLength(500, { each: true })
  objectives?: string[];

  @ApiPropertyOptional({ type: [String], enum: TRAINED_COMMITMENTS, example: ['C2', 'C3'] })
  @Optional()
  @IsArray({ message: 'commitments must be a list such as ["C1","C2"]' })
  @IsIn(TRAINED_COMMITMENTS as unknown as string[], { each: true, message: `commitments: each commitment must be one of: ${TRAINED_COMMITMENTS.join(', ')}` })
  commitments?: string[];

  @ApiPropertyOptional({ type: [String], example: ['88160'] })
  @Optional()
  @IsArray({ message: 'communes must be a list of INSEE codes such as ["88160"]' })
  @ArrayMaxSize(1000)
  @IsString({ each: true, message: 'each commune must be an INSEE code written as text, such as "88160"' })
  communes?: string[];

  @ApiProperty({ type: DirectorDto })
  @IsObject({ message: 'director must name the exercise director, such as {"name": "Anne Lefèvre", "email": "anne.lefevre@vosges.gouv.fr"}' })
  @ValidateNested()
  @Type(() => DirectorDto)
  director: DirectorDto;

  @ApiPropertyOptional({ type: [PlayerDto] })
  @Optional()
  @IsArray({ message: 'players must be a list' })
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => PlayerDto)
  players?: PlayerDto[];
}

export class UpdateExerciseDto {
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MinLength(3, { message: 'title must have at least 3 characters' })
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsInstant({ message: DATE_MESSAGE('plannedAt') })
  plannedAt?: string;

  @ApiPropertyOptional({ enum: EVENT_KINDS })
  @Optional()
  @IsIn(EVENT_KINDS as unknown as string[], { message: `kind must be one of: ${EVENT_KINDS.join(', ')}` })
  kind?: EventKind;

  @ApiPropertyOptional({ enum: EXERCISE_TYPES })
  @Optional()
  @IsIn(EXERCISE_TYPES as unknown as string[], { message: `type must be one of: ${EXERCISE_TYPES.join(', ')}` })
  type?: ExerciseType;

  @ApiPropertyOptional({ type: [String], example: ['Diffuser un premier message aux maires dans l’heure'] })
  @Optional()
  @IsArray({ message: 'objectives must be a list of texts' })
  @ArrayMaxSize(30)
  @IsString({ each: true, message: 'objectives: each objective must be a text' })
  @MinLength(3, { each: true, message: 'objectives: each objective must have at least 3 characters' })
  @MaxLength(500, { each: true })
  objectives?: string[];

  @ApiPropertyOptional({ type: [String], enum: TRAINED_COMMITMENTS, example: ['C2', 'C3'] })
  @Optional()
  @IsArray({ message: 'commitments must be a list such as ["C1","C2"]' })
  @IsIn(TRAINED_COMMITMENTS as unknown as string[], { each: true, message: `commitments: each commitment must be one of: ${TRAINED_COMMITMENTS.join(', ')}` })
  commitments?: string[];

  @ApiPropertyOptional({ type: [String], example: ['88160'] })
  @Optional()
  @IsArray({ message: 'communes must be a list of INSEE codes such as ["88160"]' })
  @ArrayMaxSize(1000)
  @IsString({ each: true, message: 'each commune must be an INSEE code written as text, such as "88160"' })
  communes?: string[];

  @ApiPropertyOptional({ type: DirectorDto })
  @Optional()
  @ValidateNested()
  @Type(() => DirectorDto)
  director?: DirectorDto;

  @ApiPropertyOptional({ type: [PlayerDto] })
  @Optional()
  @IsArray({ message: 'players must be a list' })
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => PlayerDto)
  players?: PlayerDto[];
}

export class StartExerciseDto {
  @ApiPropertyOptional({ description: 'Title of the event; defaults to the exercise title' })
  @Optional()
  @IsString()
  @MinLength(3, { message: 'title must have at least 3 characters' })
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ enum: EVENT_KINDS })
  @Optional()
  @IsIn(EVENT_KINDS as unknown as string[], { message: `kind must be one of: ${EVENT_KINDS.join(', ')}` })
  kind?: EventKind;

  @ApiPropertyOptional({ type: [String], description: 'INSEE codes; defaults to the exercise’s communes' })
  @Optional()
  @IsArray({ message: 'communes must be a list of INSEE codes such as ["88160"]' })
  @ArrayMaxSize(1000)
  @IsString({ each: true, message: 'each commune must be an INSEE code written as text, such as "88160"' })
  communes?: string[];
}

export class ReasonDto {
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ProgrammeTargetDto {
  @ApiProperty({ example: 4 })
  @Type(() => Number)
  @IsInt({ message: 'target must be a whole number of exercises, such as 4' })
  @Min(0, { message: 'target must be between 0 and 365' })
  @Max(365, { message: 'target must be between 0 and 365' })
  target: number;
}
