/** The roles of the product; a route declares which of them it admits. */
export const ROLES = ['admin', 'prefect', 'duty_officer', 'communication', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

/** For the routes every logged-in user may call (reads, one's own session). */
export const ALL_ROLES: Role[] = [...ROLES];
