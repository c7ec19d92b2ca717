import { Permission, permissionsOf } from './permissions';
import type { Role } from './role';
import type { SessionUser } from './session-user.decorator';

/** `GET /api/auth/me`: who is logged in and what the role may do (never the session id). */
export interface MeView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  can: Permission[];
}

export function meView(user: Omit<SessionUser, 'sessionId'>): MeView {
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, can: permissionsOf(user.role) };
}
