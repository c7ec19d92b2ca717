// What the logged-in user may do, as the server says it (`GET /api/auth/me`,
// `can`: the permission names of the same table the routes declare their
// roles from). The console keeps no role list of its own; the server checks
// again, this only avoids offering what would be refused.

/** True when the user's role holds `permission` (e.g. 'messages.approve'). */
export function can(ctx, permission) {
  return Array.isArray(ctx.me?.can) && ctx.me.can.includes(permission);
}
