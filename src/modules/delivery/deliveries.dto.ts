import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min, MinLength } from 'class-validator';
import { DELIVERY_STATUSES } from '../../domain/delivery/delivery-outcome.policy';

export class DeliveryListQueryDto {
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: string;

  @IsOptional()
  @IsIn(['email', 'sms', 'x', 'facebook', 'webhook', 'public_page'], { message: 'channel must be one of email, sms, x, facebook, webhook, public_page' })
  channel?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number from 1' })
  @Min(1, { message: 'page must be a whole number from 1' })
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number from 1 to 500' })
  @Min(1, { message: 'pageSize must be a whole number from 1 to 500' })
  @Max(500, { message: 'pageSize must be a whole number from 1 to 500' })
  pageSize?: number;
}

export class ResolveDeliveryDto {
  @IsBoolean({ message: 'published must be true (the post is on the account) or false (it is not)' })
  published: boolean;

  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['https', 'http'] }, { message: 'postUrl must be the address of the post, such as https://x.com/prefet88/status/123' })
  postUrl?: string;

  @IsString({ message: 'note must say how it was checked' })
  @MinLength(3, { message: 'note must say how it was checked' })
  @MaxLength(1000)
  note: string;
}
