import { Body, Controller, Headers, HttpCode, Post, Req, type RawBodyRequest } from '@nestjs/common';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../access';
import { DeliveryReceiptsService } from './delivery-receipts.service';

/**
 * Callbacks of the providers, not of people: no session, each authenticated
 * by the HMAC of its raw body with a secret shared with that provider.
 */
@ApiTags('channels')
@Controller('api/channels')
export class DeliveryReceiptsController {
  constructor(private readonly receipts: DeliveryReceiptsService) {}

  /** The SMS gateway's delivery report (JSON), signed in X-Sms-Signature. */
  @Public()
  @Post('sms/receipts')
  @HttpCode(200)
  smsReceipt(@Req() req: RawBodyRequest<Request>, @Body() body: unknown, @Headers('x-sms-signature') signature?: string) {
    return this.receipts.smsReport(req.rawBody, body, signature);
  }

  /** A bounce (RFC 3464 DSN) forwarded by the relay as message/rfc822, signed in X-Bounce-Signature. */
  @Public()
  @Post('email/bounces')
  @HttpCode(200)
  @ApiConsumes('message/rfc822')
  emailBounce(@Req() req: Request, @Headers('x-bounce-signature') signature?: string) {
    return this.receipts.emailBounce(req, signature);
  }
}
