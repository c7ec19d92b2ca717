import { applyDecorators, SetMetadata } from '@nestjs/common';
import { Permission, rolesFor } from './permissions';
import type { Role } from './role';

export const PUBLIC_ROUTE = 'auth:public';
export const ROUTE_ROLES = 'auth:roles';
export const ROUTE_PERMISSION = 'auth:permission';

/** Open without a session (health, login, public pages). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The roles a route admits. A route with neither @Public, @Roles nor @Allow is refused to everyone. */
export const Roles = (...roles: Role[]) => SetMetadata(ROUTE_ROLES, roles);

/**
 * The route is the action `permission` of the table: it admits that
 * permission's roles (the same metadata @Roles sets, read by the guard), and
 * keeps the name so a test can check the table against the routes.
 */
export const Allow = (permission: Permission) => applyDecorators(SetMetadata(ROUTE_ROLES, rolesFor(permission)), SetMetadata(ROUTE_PERMISSION, permission));
