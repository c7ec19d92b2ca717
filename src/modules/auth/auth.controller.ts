import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { Request, Response } from 'express';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { LoginView } from './auth-views';
import { AuthService } from './auth.service';
import { ALL_ROLES, CurrentUser, MeView, meView, Public, Roles, SESSION_COOKIE, SessionUser } from '../../access';
import { OidcService } from './oidc.service';

/** `POST /api/auth/logout` of a federated session. */
export class ProviderLogoutView {
  providerLogoutUrl: string;
}

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString({ message: 'username must be a text' })
  @MinLength(1, { message: 'username must not be empty' })
  @MaxLength(64)
  username: string;

  @ApiProperty({ writeOnly: true })
  @IsString({ message: 'password must be a text' })
  @MinLength(1, { message: 'password must not be empty' })
  @MaxLength(200)
  password: string;
}

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly oidc: OidcService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginView> {
    const result = await this.auth.login(dto.username, dto.password, req.ip ?? 'unknown');
    res.cookie(SESSION_COOKIE, result.token, {
      httpOnly: true,
      // Strict: the cookie never rides on a request started by another site (CSRF); the console is one site.
      sameSite: 'strict',
      secure: this.config.cookieSecure,
      expires: result.expiresAt,
      path: '/',
    });
    return { token: result.token, expiresAt: result.expiresAt.toISOString(), user: meView(result.user) };
  }

  @ApiBearerAuth()
  @Roles(...ALL_ROLES)
  @Post('logout')
  @ApiNoContentResponse({ description: 'The session is over.' })
  @ApiOkResponse({ description: 'A session opened through the identity federation: where to send the browser to end the session at the provider too.', type: ProviderLogoutView })
  async logout(@CurrentUser() me: SessionUser, @Res() res: Response): Promise<void> {
    const ended = await this.auth.logout(me);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    const providerLogoutUrl = ended.method === 'oidc' ? await this.oidc.endSessionUrl(ended.idToken) : null;
    // The status is chosen here (not by @HttpCode): 204 as before, 200 with a body only for a federated session.
    if (providerLogoutUrl) res.status(200).json({ providerLogoutUrl } satisfies ProviderLogoutView);
    else res.status(204).end();
  }

  @ApiBearerAuth()
  @Roles(...ALL_ROLES)
  @Get('me')
  me(@CurrentUser() me: SessionUser): MeView {
    return meView(me);
  }
}
