import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from './role';

/** The logged-in user of a request, as the auth guard resolved it from the session. */
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
