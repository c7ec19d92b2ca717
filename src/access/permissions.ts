import type { Role } from './role';

/**
 * The named actions and the roles that may take each: the one source of what a
 * role may do. Routes declare their roles from it with @Allow, and
 * `GET /api/auth/me` gives the console the names its user holds (`can`), so the
 * console offers an action exactly when the guard would admit it. Reads open
 * to every role keep @Roles(...ALL_ROLES) and need no name here.
 */
export const PERMISSIONS = {
  'users.manage': ['admin'],
  'audit.read': ['admin', 'reviewer', 'prefect', 'duty_officer'],
  'proof.export': ['admin', 'reviewer', 'prefect', 'duty_officer'],

  'events.create': ['admin', 'prefect', 'duty_officer'],
  'events.activate_cod': ['prefect', 'duty_officer'],
  'events.order_cip': ['prefect', 'duty_officer'],
  'events.open_cip': ['prefect', 'duty_officer'],
  'events.record_fact': ['prefect', 'duty_officer', 'communication'],
  'events.close': ['prefect', 'duty_officer'],

  'cell.roster_read': ['admin', 'duty_officer', 'prefect', 'communication'],
  'cell.roster_manage': ['admin', 'duty_officer'],
  'cell.call': ['prefect', 'duty_officer'],
  'cell.acknowledge': ['prefect', 'duty_officer', 'communication'],
  'cell.declare_operational': ['prefect', 'duty_officer', 'communication'],

  'contacts.write': ['admin', 'communication', 'duty_officer'],

  'messages.create': ['prefect', 'communication', 'duty_officer'],
  'messages.approve': ['prefect', 'communication'],
  'messages.dispatch': ['prefect', 'communication'],
  'deliveries.resolve': ['prefect', 'communication'],

  'debriefs.write': ['reviewer'],

  // The cabinet, the duty officers, the reviewers (they run the exercise programme and debrief it:
  // issue 10's "a reviewer can plan a year of exercises, run one with injects, debrief it") and the
  // administrator plan and direct exercises. Communication staff are the players: they answer injects.
  'exercises.plan': ['admin', 'prefect', 'duty_officer', 'reviewer'],
  'exercises.direct': ['admin', 'prefect', 'duty_officer', 'reviewer'],
  'injects.respond': ['admin', 'prefect', 'duty_officer', 'communication', 'reviewer'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** The roles that hold a permission, as the guard reads them. */
export function rolesFor(permission: Permission): Role[] {
  return [...PERMISSIONS[permission]];
}

/** What a role may do, in the table's order. */
export function permissionsOf(role: Role): Permission[] {
  return PERMISSION_NAMES.filter((p) => (PERMISSIONS[p] as readonly Role[]).includes(role));
}
