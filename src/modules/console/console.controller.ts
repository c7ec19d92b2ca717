import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { notFound } from '../../common/app-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { isUuid } from '../../domain/ids';
import { ALL_ROLES, Public, Roles } from '../../access';
import { ConsoleAssets } from './console-assets';
import { DsfrAssets } from './dsfr-assets';
import { ConsoleSettingsView, consoleSettingsView } from './console-settings-view';

// Everything the console loads comes from this server: it keeps working when the crisis room is cut off from the internet.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

@ApiTags('console')
@Controller()
export class ConsoleController {
  private readonly assets = new ConsoleAssets();
  private readonly dsfr = new DsfrAssets();

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

  /**
   * The crisis-room wall of one event. The page is public like the console's
   * shell; what it shows comes from the API, which any logged-in role may read.
   */
  @Public()
  @Get('console/events/:id/mur')
  @ApiExcludeEndpoint()
  wall(@Param('id') id: string, @Res() res: Response) {
    if (!isUuid(id)) throw notFound('event_not_found', `No event has the id ${id}.`);
    return sendAsset(this.assets, res, 'wall.html');
  }

  @Public()
  @Get('console/assets/:file')
  @ApiExcludeEndpoint()
  asset(@Param('file') file: string, @Res() res: Response) {
    return sendAsset(this.assets, res, file);
  }

  /** The design system for the console, the wall screen and the public page (fonts, icons, CSS, JS). */
  @Public()
  @Get('dsfr/*path')
  @ApiExcludeEndpoint()
  async designSystem(@Param('path') path: string[] | string, @Res() res: Response) {
    const segments = Array.isArray(path) ? path : path.split('/');
    const file = await this.dsfr.read(segments);
    if (!file) throw notFound('design_system_file_not_found', `The design system has no file named ${segments.join('/')}.`);
    // Versioned with the package: a browser may keep it for a day.
    res.set({ 'Content-Type': file.type, 'Cache-Control': 'public, max-age=86400', 'X-Content-Type-Options': 'nosniff' });
    res.send(file.body);
  }

  @ApiBearerAuth()
  @Roles(...ALL_ROLES)
  @Get('api/console/settings')
  settings(): ConsoleSettingsView {
    return consoleSettingsView(this.config);
  }
}

// Outside the class: every method of a controller is a route and must declare its roles.
async function sendAsset(assets: ConsoleAssets, res: Response, name: string) {
  const file = await assets.read(name);
  if (!file) throw notFound('console_file_not_found', `The console has no file named ${name}.`);
  res.set({ 'Content-Type': file.type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': CSP, 'Referrer-Policy': 'same-origin' });
  res.send(file.body);
}
