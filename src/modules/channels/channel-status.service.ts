import { Injectable } from '@nestjs/common';
import type { ChannelStatus } from './channel-adapter.types';
import { ChannelsService } from './channels.service';

/**
 * What the rest of the product may read of the channels: each one's mode
 * (live or sandbox), host and exercise target, never a credential. Sending is
 * the delivery worker's alone, through ChannelsService, which lint keeps inside
 * the channels and delivery modules; this face has nothing that sends.
 */
@Injectable()
export class ChannelStatusService {
  constructor(private readonly channels: ChannelsService) {}

  statuses(): ChannelStatus[] {
    return this.channels.statuses();
  }
}
