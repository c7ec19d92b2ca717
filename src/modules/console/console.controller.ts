import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { notFound } from '../../common/app-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AUDIENCES } from '../../domain/events/commitment-clocks';
import { EVENT_KIND_LABELS_FR, EVENT_KINDS } from '../../domain/events/event-kind';
import { AUDIENCE_CHANNELS } from '../../domain/messages/message-channels';
import { POST_CHANNELS } from '../../domain/channels/channel-catalogue';
import { ALL_ROLES, Public, Roles } from '../auth/roles.decorator';
import { ConsoleAssets } from './console-assets';

const AUDIENCE_LABELS_FR: Record<(typeof AUDIENCES)[number], string> = { elected: 'Élus locaux', public: 'Grand public', media: 'Médias' };

// Everything the console loads comes from this server: it keeps working when the crisis room is cut off from the internet.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

@ApiTags('console')
@Controller()
export class ConsoleController {
  private readonly assets = new ConsoleAssets();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get()
  @ApiExcludeEndpoint()
  root(@Res() res: Response) {
    res.redirect(302, '/console/');
  }

  @Public()
  @Get('console')
  @ApiExcludeEndpoint()
  index(@Res() res: Response) {
    return sendAsset(this.assets, res, 'index.html');
  }

  @Public()
  @Get('console/assets/:file')
  @ApiExcludeEndpoint()
  asset(@Param('file') file: string, @Res() res: Response) {
    return sendAsset(this.assets, res, file);
  }

  /** What the console needs to draw its forms and colour its clocks; nothing secret. */
  @ApiBearerAuth()
  @Roles(...ALL_ROLES)
  @Get('api/console/settings')
  settings() {
    return {
      warningLeadMinutes: [...this.config.clocks.warningLeadMinutes].sort((a, b) => b - a),
      eventKinds: EVENT_KINDS.map((value) => ({ value, label: EVENT_KIND_LABELS_FR[value] })),
      audiences: AUDIENCES.map((value) => ({ value, label: AUDIENCE_LABELS_FR[value], channels: AUDIENCE_CHANNELS[value] })),
      // Posts wait for the account's rate limit; the console explains why they are held back.
      postChannels: POST_CHANNELS,
      // The console greys out the approval of one's own message and says why; the server refuses it anyway.
      fourEyes: this.config.messaging.fourEyes,
    };
  }
}

// Outside the class: every method of a controller is a route and must declare its roles.
async function sendAsset(assets: ConsoleAssets, res: Response, name: string) {
  const file = await assets.read(name);
  if (!file) throw notFound('console_file_not_found', `The console has no file named ${name}.`);
  res.set({ 'Content-Type': file.type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': CSP, 'Referrer-Policy': 'same-origin' });
  res.send(file.body);
}
