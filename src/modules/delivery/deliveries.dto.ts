import { IsBoolean, IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
import { Optional } from '../../common/edge-validators';

export class ResolveDeliveryDto {
  @IsBoolean({ message: 'published must be true (the post is on the account) or false (it is not)' })
  published: boolean;

  @Optional()
  @IsUrl({ require_protocol: true, protocols: ['https', 'http'] }, { message: 'postUrl must be the address of the post, such as https://x.com/prefet88/status/123' })
  postUrl?: string;

  @IsString({ message: 'note must say how it was checked' })
  @MinLength(3, { message: 'note must say how it was checked' })
  @MaxLength(1000)
  note: string;
}
