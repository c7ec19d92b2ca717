import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ACTION_STATUSES, ActionStatus } from '../../domain/debriefs/debrief.policy';
import { IsInstant, Optional, WholeNumber } from '../../common/edge-validators';

// Limits of what a debrief holds: generous for a real debrief, small enough for a page and an audit entry.
export const LIMITS = { item: 1000, finding: 2000, list: 50, participants: 100, seqs: 50, name: 120, role: 200, title: 300 } as const;

const NOT_BLANK = /\S/;
const STATUS_MESSAGE = `status must be one of: ${ACTION_STATUSES.join(', ')}`;
const DUE_DATE_MESSAGE = 'dueDate must be a calendar date written YYYY-MM-DD, such as 2027-01-15';

export class ParticipantDto {
  @ApiProperty({ example: 'Claire Dupont' })
  @IsString({ message: 'each participant needs a name' })
  @Matches(NOT_BLANK, { message: 'each participant needs a name' })
  @MaxLength(LIMITS.name, { message: `a participant's name has at most ${LIMITS.name} characters` })
  name: string;

  @ApiPropertyOptional({ example: 'cheffe de cellule, préfecture des Vosges', description: 'role and organisation, free text' })
  @Optional()
  @IsString({ message: 'a participant\'s role must be text, such as "cheffe de cellule, préfecture des Vosges"' })
  @MaxLength(LIMITS.role, { message: `a participant's role has at most ${LIMITS.role} characters` })
  role?: string;
}

export class FindingDto {
  @ApiProperty({ example: 'Le premier SMS aux maires est parti 42 minutes après l’activation du COD.' })
  @IsString({ message: 'each finding needs a text' })
  @Matches(NOT_BLANK, { message: 'each finding needs a text' })
  @MaxLength(LIMITS.finding, { message: `a finding has at most ${LIMITS.finding} characters` })
  text: string;

  @ApiProperty({ type: [Number], example: [12, 15], description: "audit seq numbers of entries of this event's timeline" })
  @IsArray({ message: 'timelineSeqs must be a list of timeline entry numbers (seq), such as [12, 15]' })
  @ArrayMinSize(1, { message: 'each finding must cite at least one timeline entry (timelineSeqs, such as [12])' })
  @ArrayMaxSize(LIMITS.seqs, { message: `a finding cites at most ${LIMITS.seqs} timeline entries` })
  @IsInt({ each: true, message: 'timelineSeqs must hold whole numbers (the seq of timeline entries)' })
  @Min(1, { each: true, message: 'timelineSeqs must hold whole numbers from 1 (the seq of timeline entries)' })
  @Max(Number.MAX_SAFE_INTEGER, { each: true, message: 'timelineSeqs must hold whole numbers from 1 (the seq of timeline entries)' })
  timelineSeqs: number[];
}

export class WriteDebriefDto {
  @ApiProperty({ example: '2026-11-29T17:00:00+01:00', description: 'when the debrief was held' })
  @IsInstant({ message: 'heldAt must be a date and time such as 2026-11-29T17:00:00+01:00' })
  heldAt: string;

  @ApiProperty({ type: [ParticipantDto] })
  @IsArray({ message: 'participants must be a list such as [{"name": "Claire Dupont", "role": "cheffe de cellule"}]' })
  @ArrayMinSize(1, { message: 'participants must name at least one person who took part' })
  @ArrayMaxSize(LIMITS.participants, { message: `participants holds at most ${LIMITS.participants} people` })
  @ValidateNested({ each: true })
  @Type(() => ParticipantDto)
  participants: ParticipantDto[];

  @ApiProperty({ type: [String], description: 'what went well (may be empty)' })
  @IsArray({ message: 'wentWell must be a list of sentences' })
  @ArrayMaxSize(LIMITS.list, { message: `wentWell holds at most ${LIMITS.list} items` })
  @IsString({ each: true, message: 'wentWell must hold sentences' })
  @Matches(NOT_BLANK, { each: true, message: 'wentWell must not hold an empty item' })
  @MaxLength(LIMITS.item, { each: true, message: `each item of wentWell has at most ${LIMITS.item} characters` })
  wentWell: string[];

  @ApiProperty({ type: [String], description: 'what must improve (may be empty)' })
  @IsArray({ message: 'toImprove must be a list of sentences' })
  @ArrayMaxSize(LIMITS.list, { message: `toImprove holds at most ${LIMITS.list} items` })
  @IsString({ each: true, message: 'toImprove must hold sentences' })
  @Matches(NOT_BLANK, { each: true, message: 'toImprove must not hold an empty item' })
  @MaxLength(LIMITS.item, { each: true, message: `each item of toImprove has at most ${LIMITS.item} characters` })
  toImprove: string[];

  @ApiProperty({ type: [FindingDto], description: 'findings, each citing timeline entries (may be empty)' })
  @IsArray({ message: 'findings must be a list such as [{"text": "…", "timelineSeqs": [12]}]' })
  @ArrayMaxSize(LIMITS.list, { message: `findings holds at most ${LIMITS.list} items` })
  @ValidateNested({ each: true })
  @Type(() => FindingDto)
  findings: FindingDto[];
}

export class CreateActionDto {
  @ApiProperty({ example: 'Mettre à jour la liste des numéros d’astreinte des maires' })
  @IsString({ message: 'title must say what is to be done' })
  @MinLength(3, { message: 'title must say what is to be done (at least 3 characters)' })
  @MaxLength(LIMITS.title, { message: `title has at most ${LIMITS.title} characters` })
  @Matches(/\S.*\S/, { message: 'title must say what is to be done (at least 3 characters)' })
  title: string;

  @ApiProperty({ example: 'SIDPC — Marc Lefèvre' })
  @IsString({ message: 'owner must name who carries the action' })
  @Matches(NOT_BLANK, { message: 'owner must name who carries the action' })
  @MaxLength(LIMITS.name, { message: `owner has at most ${LIMITS.name} characters` })
  owner: string;

  @ApiProperty({ example: '2027-01-15', description: 'a calendar day, Paris' })
  @IsString({ message: DUE_DATE_MESSAGE })
  dueDate: string;

  @ApiPropertyOptional({ enum: ACTION_STATUSES, default: 'open' })
  @Optional()
  @IsIn(ACTION_STATUSES as unknown as string[], { message: STATUS_MESSAGE })
  status?: ActionStatus;
}

export class UpdateActionDto {
  @ApiPropertyOptional({ enum: ACTION_STATUSES })
  @Optional()
  @IsIn(ACTION_STATUSES as unknown as string[], { message: STATUS_MESSAGE })
  status?: ActionStatus;

  @ApiPropertyOptional()
  @Optional()
  @IsString({ message: 'title must say what is to be done' })
  @MinLength(3, { message: 'title must say what is to be done (at least 3 characters)' })
  @MaxLength(LIMITS.title, { message: `title has at most ${LIMITS.title} characters` })
  @Matches(/\S.*\S/, { message: 'title must say what is to be done (at least 3 characters)' })
  title?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString({ message: 'owner must name who carries the action' })
  @Matches(NOT_BLANK, { message: 'owner must name who carries the action' })
  @MaxLength(LIMITS.name, { message: `owner has at most ${LIMITS.name} characters` })
  owner?: string;

  @ApiPropertyOptional({ example: '2027-01-15' })
  @Optional()
  @IsString({ message: DUE_DATE_MESSAGE })
  dueDate?: string;
}

export class ActionsQueryDto {
  @ApiPropertyOptional({ description: 'true: only the overdue actions' })
  @Optional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false], { message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ description: "the year of the actions' due date" })
  @Optional()
  @WholeNumber(2000, 2100, 'year must be a year such as 2026, from 2000 to 2100')
  year?: number;
}
