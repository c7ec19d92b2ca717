import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { INJECT_MEANS, InjectMeans } from '../../domain/exercises/msel.policy';
import { Optional } from '../../common/edge-validators';

export class CreateInjectDto {
  @ApiProperty({ example: 15, description: 'T+ minutes from the MSEL start (fractions allowed)' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'offsetMinutes must be a number of minutes from the start, such as 15' })
  @Min(0, { message: 'offsetMinutes must be between 0 and 10080 (7 days)' })
  @Max(10080, { message: 'offsetMinutes must be between 0 and 10080 (7 days)' })
  offsetMinutes: number;

  @ApiProperty({ example: 'La Moselle déborde à Épinal' })
  @IsString({ message: 'scenario must say what happens' })
  @MinLength(3, { message: 'scenario must say what happens (at least 3 characters)' })
  @MaxLength(2000)
  scenario: string;

  @ApiProperty({ example: 'communication', description: 'A player role or a player’s name' })
  @IsString({ message: 'recipient must be a player role or a player’s name' })
  @MinLength(2, { message: 'recipient must be a player role or a player’s name' })
  @MaxLength(120)
  recipient: string;

  @ApiProperty({ enum: INJECT_MEANS })
  @IsIn(INJECT_MEANS as unknown as string[], { message: `means must be one of: ${INJECT_MEANS.join(', ')}` })
  means: InjectMeans;

  @ApiProperty({ example: 'Rédiger un premier communiqué aux maires' })
  @IsString({ message: 'expectedAction must say what the players should do' })
  @MinLength(3, { message: 'expectedAction must say what the players should do (at least 3 characters)' })
  @MaxLength(1000)
  expectedAction: string;
}

export class InjectResponseDto {
  @ApiProperty({ example: 'Communiqué envoyé aux maires à 10 h 20' })
  @IsString({ message: 'text must be the response' })
  @MinLength(2, { message: 'text must be the response (at least 2 characters)' })
  @MaxLength(4000)
  text: string;
}

export class SkipInjectDto {
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
