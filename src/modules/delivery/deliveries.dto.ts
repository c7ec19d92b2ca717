import { IsBoolean, IsIn, IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
import { CHANNELS, DELIVERY_STATUSES } from '../../domain/channels/channel-catalogue';
import { Optional } from '../../common/edge-validators';
import { PageQueryDto } from '../../common/page-query.dto';

export class DeliveryListQueryDto extends PageQueryDto({ default: 100, max: 500, message: 'pageSize must be a whole number from 1 to 500' }) {
  @Optional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: string;

  @Optional()
  @IsIn(CHANNELS, { message: `channel must be one of ${CHANNELS.join(', ')}` })
  channel?: string;
}

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
