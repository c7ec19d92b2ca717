import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public, SESSION_COOKIE } from '../../access';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { PENDING_COOKIE, PENDING_PATH } from './pending-signin-token';
import { FederatedSignInError, OidcService } from './oidc.service';

/** `GET /api/auth/providers`: what the login page offers. */
export class SignInOptionsView {
  /** `all`: every local account may use its password; `admin`: only the break-glass administrator. */
  localLogin: 'all' | 'admin';
  /** The identity federation, when configured: the button's label and where it starts. */
  oidc: { label: string; startUrl: string } | null;
}

/**
 * The browser side of the federated sign-in: a redirect to the provider, and
 * its return. Errors come back to the console's login page as a code in the
 * query (`?signin_error=`), never as the provider's own text.
 */
@ApiTags('auth')
@Controller('api/auth')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('providers')
  @ApiOkResponse({ type: SignInOptionsView })
  providers(): SignInOptionsView {
    const o = this.oidc.settings;
    return { localLogin: this.config.localLogin, oidc: o ? { label: o.label, startUrl: `${PENDING_PATH}/start` } : null };
  }

  @Public()
  @Get('oidc/start')
  @ApiFoundResponse({ description: "To the provider's login page (a browser navigation, not an API call); on a refusal, to the console's login page with ?signin_error=." })
  async start(@Res() res: Response): Promise<void> {
    try {
      const { url, cookie, maxAgeMs } = await this.oidc.start();
      // Lax, not Strict: the provider's redirect back is a top-level navigation from its site.
      res.cookie(PENDING_COOKIE, cookie, { httpOnly: true, sameSite: 'lax', secure: this.config.cookieSecure, path: PENDING_PATH, maxAge: maxAgeMs });
      res.redirect(302, url);
    } catch (e) {
      res.redirect(302, failure(e));
    }
  }

  @Public()
  @Get('oidc/callback')
  @ApiFoundResponse({ description: 'Where the provider sends the browser back: to the console signed in, or to its login page with ?signin_error=.' })
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const pending = (req as Request & { cookies?: Record<string, string> }).cookies?.[PENDING_COOKIE];
    // One use: whatever happens, this pending sign-in is over.
    res.clearCookie(PENDING_COOKIE, { path: PENDING_PATH });
    try {
      // The URL the provider redirected to, rebuilt from the configured one: the Host header is not trusted.
      const url = new URL(this.oidc.settings?.redirectUrl ?? 'http://invalid/');
      url.search = new URL(req.originalUrl, 'http://local').search;
      const result = await this.oidc.callback(url, pending, req.ip ?? 'unknown');
      res.cookie(SESSION_COOKIE, result.token, { httpOnly: true, sameSite: 'strict', secure: this.config.cookieSecure, expires: result.expiresAt, path: '/' });
      res.redirect(302, '/console/#/events');
    } catch (e) {
      res.redirect(302, failure(e));
    }
  }
}

function failure(e: unknown): string {
  const code = e instanceof FederatedSignInError ? e.code : 'token_rejected';
  return `/console/?signin_error=${code}#/login`;
}
