// What a module needs to declare who may call its routes and to read the caller, without reaching into another module.
export { ALL_ROLES, ROLES } from './role';
export type { Role } from './role';
export { PERMISSION_NAMES, PERMISSIONS, permissionsOf, rolesFor } from './permissions';
export type { Permission } from './permissions';
export { Allow, Public, PUBLIC_ROUTE, Roles, ROUTE_PERMISSION, ROUTE_ROLES } from './roles.decorator';
export { SESSION_COOKIE } from './session-cookie';
export { CurrentUser } from './session-user.decorator';
export type { AuthedRequest, SessionUser } from './session-user.decorator';
export { meView } from './me-view';
export type { MeView } from './me-view';
