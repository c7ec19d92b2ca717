import { SetMetadata, createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from '../users/role';

export const PUBLIC_ROUTE = 'auth:public';
export const ROUTE_ROLES = 'auth:roles';

/** Open without a session (health, login, public pages). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The roles a route admits. A route with neither @Public nor @Roles is refused to everyone. */
export const Roles = (...roles: Role[]) => SetMetadata(ROUTE_ROLES, roles);

export const ALL_ROLES: Role[] = ['admin', 'prefect', 'duty_officer', 'communication', 'reviewer'];

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  sessionId: string;
}

export type AuthedRequest = Request & { user?: SessionUser };

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): SessionUser => {
  const user = ctx.switchToHttp().getRequest<AuthedRequest>().user;
  if (!user) throw new Error('CurrentUser used on a public route');
  return user;
});
