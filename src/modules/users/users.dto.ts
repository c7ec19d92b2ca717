import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Role, ROLES } from '../../access';
import { Optional } from '../../common/edge-validators';

const ROLE_MESSAGE = `role must be one of: ${ROLES.join(', ')}`;
const PASSWORD_MESSAGE = 'password must have at least 12 characters';

export class CreateUserDto {
  @ApiProperty({ example: 'j.martin' })
  @IsString()
  // An email address as user name is how the admin pre-creates a person who signs in through the identity federation.
  @Matches(/^(?:[a-zA-Z0-9._-]{3,64}|[a-zA-Z0-9._%+-]{1,64}@[a-zA-Z0-9.-]{1,185}\.[a-zA-Z]{2,})$/, {
    message: 'username must be 3 to 64 letters, digits, dots, dashes or underscores, or the email address the person signs in with through the identity federation',
  })
  username: string;

  @ApiProperty({ example: 'Jeanne Martin' })
  @IsString()
  @MinLength(1, { message: 'displayName must not be empty' })
  @MaxLength(120)
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES as unknown as string[], { message: ROLE_MESSAGE })
  role: Role;

  @ApiProperty({ minLength: 12, writeOnly: true })
  @IsString()
  @MinLength(12, { message: PASSWORD_MESSAGE })
  @MaxLength(200)
  password: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MinLength(1, { message: 'displayName must not be empty' })
  @MaxLength(120)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @Optional()
  @IsIn(ROLES as unknown as string[], { message: ROLE_MESSAGE })
  role?: Role;

  @ApiPropertyOptional({ minLength: 12, writeOnly: true })
  @Optional()
  @IsString()
  @MinLength(12, { message: PASSWORD_MESSAGE })
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

/** What the API says about a user: never the password hash. */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}
