import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden, unauthorized } from '../../common/app-error';
import { AuditService } from '../audit/audit.service';
import { AuthedRequest, PUBLIC_ROUTE, Role, ROUTE_ROLES, SESSION_COOKIE } from '../../access';
import { AuthService } from './auth.service';
import { tokenFromRequest } from './session-token';
import { isCrossSiteWrite } from '../../domain/auth/cross-site.policy';

const ROLE_LABELS: Record<Role, string> = {
  admin: 'administrator',
  prefect: 'prefect / cabinet',
  duty_officer: 'duty officer',
  communication: 'communication staff',
  reviewer: 'reviewer',
};

/** Global guard: a session for every route not marked @Public, and one of the route's roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const token = tokenFromRequest(req);
    const user = token ? await this.auth.resolveSession(token) : null;
    if (!user) throw unauthorized('session_required', 'You need to log in: this request has no valid session (it may have expired).');
    const viaCookie = !req.headers.authorization?.startsWith('Bearer ') && (req as AuthedRequest & { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE] === token;
    const origin = { method: req.method, viaCookie, origin: req.get('origin'), secFetchSite: req.get('sec-fetch-site'), self: `${req.protocol}://${req.get('host')}` };
    if (isCrossSiteWrite(origin)) {
      throw forbidden('cross_site_request', 'This request was made by another site with your session: it is refused. Use the console itself.');
    }
    req.user = user;

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets) ?? [];
    if (allowed.includes(user.role)) return true;

    await this.audit.append({
      actor: user.username,
      action: 'auth.forbidden',
      subjectType: 'route',
      subjectId: `${req.method} ${req.route?.path ?? req.path}`,
      payload: { role: user.role, allowedRoles: allowed, path: req.originalUrl.split('?')[0] },
    });
    const who = allowed.map((r) => ROLE_LABELS[r]).join(', ');
    throw forbidden('role_not_allowed', allowed.length ? `Your role (${ROLE_LABELS[user.role]}) cannot do this. It is reserved for: ${who}.` : 'This route is not open to any role.');
  }
}
