import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsObject, IsString, MaxLength, MinLength } from 'class-validator';
import { CHANNELS, DELIVERY_STATUSES } from '../../domain/channels/channel-catalogue';
import { AUDIENCES, Audience, Channel } from '../../domain/messages/message-channels';
import { IsInstant, Optional } from '../../common/edge-validators';
import { PageQueryDto } from '../../common/page-query.dto';

export class CreateMessageDto {
  @ApiPropertyOptional({ enum: AUDIENCES, isArray: true, description: 'Defaults to all three audiences' })
  @Optional()
  @IsArray({ message: 'audiences must be a list such as ["elected", "public", "media"]' })
  @ArrayMinSize(1, { message: 'audiences must name at least one audience' })
  @ArrayUnique({ message: 'audiences must not repeat an audience' })
  @IsIn(AUDIENCES as unknown as string[], { each: true, message: `audiences: each audience must be one of: ${AUDIENCES.join(', ')}` })
  audiences?: Audience[];

  @ApiPropertyOptional({ description: 'Channels per audience, e.g. {"elected":["email"]}; defaults to every channel of the audience' })
  @Optional()
  @IsObject({ message: 'channels must be an object such as {"elected": ["email", "sms"]}' })
  channels?: Partial<Record<Audience, Channel[]>>;

  @ApiProperty({ example: 'La Moselle a dépassé la cote d’alerte à Épinal. Deux routes sont fermées.' })
  @IsString({ message: 'facts must be the factual situation, as validated by the COD' })
  @MinLength(10, { message: 'facts must state the situation (at least 10 characters)' })
  @MaxLength(4000)
  facts: string;

  @ApiProperty({ example: 'Ne vous engagez pas sur les routes inondées.' })
  @IsString({ message: 'instructions must be the instructions to the population' })
  @MinLength(5, { message: 'instructions must say what the population should do (at least 5 characters)' })
  @MaxLength(2000)
  instructions: string;

  @ApiProperty({ example: '2026-11-29T16:00:00+01:00', description: 'Time of the next update' })
  @IsInstant({ message: 'nextUpdateAt must be a date and time such as 2026-11-29T16:00:00+01:00' })
  nextUpdateAt: string;

  @ApiPropertyOptional({
    description: 'Distribution lists per audience (elected, media); defaults to the affected communes’ mayors and every elected official without a commune, and every media contact',
  })
  @Optional()
  @IsObject({ message: 'listIds must be an object such as {"elected": ["<list id>"]}' })
  listIds?: Partial<Record<'elected' | 'media', string[]>>;

  @ApiPropertyOptional({ description: 'False for a message that is not factual information (a test, a thank-you): it does not meet C2' })
  @Optional()
  @IsBoolean({ message: 'factual must be true or false' })
  factual?: boolean;
}

export class DispatchDto {
  @ApiPropertyOptional({ description: 'Optional note kept in the audit log' })
  @Optional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

/** The deliveries of one message (GET /api/messages/:id/deliveries), filtered and paged. */
export class MessageDeliveriesQueryDto extends PageQueryDto({ default: 100, max: 500, message: 'pageSize must be a whole number from 1 to 500' }) {
  @Optional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: string;

  @Optional()
  @IsIn(CHANNELS, { message: `channel must be one of ${CHANNELS.join(', ')}` })
  channel?: string;
}
