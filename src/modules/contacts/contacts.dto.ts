import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { CONTACT_KINDS, ContactKind } from '../../domain/contacts/contact-kinds';
import { Optional, OptionalOrNull } from '../../common/edge-validators';
import { PageQueryDto } from '../../common/page-query.dto';

const KIND_MESSAGE = `kind must be one of: ${CONTACT_KINDS.join(', ')}`;
const BOOLEAN_WORDS = ['true', 'false'];
// In PATCH, an absent field is left as it is and null clears an optional one (OptionalOrNull lets null
// through); kind and name cannot be cleared, so only an absent value skips their checks.
const present = (field: string) => (o: object) => (o as Record<string, unknown>)[field] !== undefined;

export class ContactQueryDto extends PageQueryDto({ default: 50, max: 500, message: 'pageSize must be a whole number between 1 and 500' }) {
  @ApiPropertyOptional({ enum: CONTACT_KINDS })
  @Optional()
  @IsIn(CONTACT_KINDS as unknown as string[], { message: KIND_MESSAGE })
  kind?: ContactKind;

  @ApiPropertyOptional({ example: '88160', description: 'INSEE code of a commune' })
  @Optional()
  @Matches(/^[0-9][0-9AaBb][0-9]{3}$/, { message: 'commune must be an INSEE commune code such as 88160' })
  commune?: string;

  @ApiPropertyOptional({ description: 'Words found in the name, organisation or email' })
  @Optional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'true to list deleted (inactive) contacts too', enum: BOOLEAN_WORDS })
  @Optional()
  @IsIn(BOOLEAN_WORDS, { message: 'includeInactive must be true or false' })
  includeInactive?: string;
}

export class CreateContactDto {
  @ApiProperty({ enum: CONTACT_KINDS })
  @IsIn(CONTACT_KINDS as unknown as string[], { message: KIND_MESSAGE })
  kind: ContactKind;

  @ApiProperty({ example: 'Sophie Marchal' })
  @IsString({ message: 'name must be the name of the person or the desk, as text' })
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: "Mairie d'Épinal" })
  @OptionalOrNull()
  @IsString()
  @MaxLength(200)
  organisation?: string | null;

  @ApiPropertyOptional({ example: '88160', description: 'INSEE code of the commune; required for a mayor or a deputy mayor' })
  @OptionalOrNull()
  @IsString({ message: 'communeInsee must be an INSEE commune code written as text, such as "88160"' })
  communeInsee?: string | null;

  @ApiPropertyOptional({ example: 'maire.epinal@example.org', description: 'An email address, a mobile number, or both' })
  @OptionalOrNull()
  @IsString({ message: 'email must be an email address written as text' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ example: '06 39 98 00 01', description: 'A mobile number; French numbers may be written nationally, it is stored as +33…' })
  @OptionalOrNull()
  @IsString({ message: 'mobile must be a phone number written as text, such as "06 39 98 00 01"' })
  @MaxLength(40)
  mobile?: string | null;

  @ApiPropertyOptional({ default: false })
  @Optional()
  @IsBoolean({ message: 'exerciseParticipant must be true or false' })
  exerciseParticipant?: boolean;
}

export class UpdateContactDto {
  @ApiPropertyOptional({ enum: CONTACT_KINDS })
  @ValidateIf(present('kind'))
  @IsIn(CONTACT_KINDS as unknown as string[], { message: KIND_MESSAGE })
  kind?: ContactKind;

  @ApiPropertyOptional()
  @ValidateIf(present('name'))
  @IsString({ message: 'name must be the name of the person or the desk, as text' })
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: "Mairie d'Épinal" })
  @OptionalOrNull()
  @IsString()
  @MaxLength(200)
  organisation?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '88160' })
  @OptionalOrNull()
  @IsString({ message: 'communeInsee must be an INSEE commune code written as text, such as "88160"' })
  communeInsee?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'mairie@epinal.example.org', description: 'null removes the address' })
  @OptionalOrNull()
  @IsString({ message: 'email must be an email address written as text' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '06 39 98 00 01', description: 'null removes the number' })
  @OptionalOrNull()
  @IsString({ message: 'mobile must be a phone number written as text, such as "06 39 98 00 01"' })
  @MaxLength(40)
  mobile?: string | null;

  @ApiPropertyOptional()
  @ValidateIf(present('exerciseParticipant'))
  @IsBoolean({ message: 'exerciseParticipant must be true or false' })
  exerciseParticipant?: boolean;

  @ApiPropertyOptional({ description: 'true brings back a deleted contact' })
  @ValidateIf(present('active'))
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class CreateListDto {
  @ApiProperty({ example: 'bassin-moselle' })
  @IsString({ message: 'name must be the name of the list, as text' })
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(80, { message: 'name must be at most 80 characters long' })
  name: string;

  @ApiPropertyOptional({ example: 'Communes riveraines de la Moselle' })
  @Optional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiProperty({ type: [String], description: 'Ids of the contacts on the list' })
  @IsArray({ message: 'memberIds must be a list of contact ids' })
  @ArrayMaxSize(10000)
  @IsUUID('all', { each: true, message: 'each of memberIds must be a contact id (a UUID)' })
  memberIds: string[];
}

export class ImportQueryDto {
  @ApiPropertyOptional({ enum: BOOLEAN_WORDS, default: 'false', description: 'true: check the file and say what would change, without writing' })
  @Optional()
  @IsIn(BOOLEAN_WORDS, { message: 'dryRun must be true or false' })
  dryRun?: string;

  @ApiPropertyOptional({ enum: BOOLEAN_WORDS, default: 'false', description: 'true: import the good lines and report the bad ones; false: import nothing while a line is bad' })
  @Optional()
  @IsIn(BOOLEAN_WORDS, { message: 'skipBadLines must be true or false' })
  skipBadLines?: string;
}

export class MembersQueryDto {
  @ApiPropertyOptional({ description: 'The major event whose communes a dynamic list is evaluated for' })
  @Optional()
  @IsUUID('all', { message: 'eventId must be the id of a major event (a UUID)' })
  eventId?: string;
}
