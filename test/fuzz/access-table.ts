/**
 * Who may call each route of the API, written independently of the @Roles
 * decorators: the RBAC matrix test compares the running app with this table,
 * and fails on a route that the OpenAPI document lists and the table does not.
 * A: admin, P: prefect, D: duty_officer, C: communication, R: reviewer,
 * '*': no session needed.
 */
export const ACCESS: Readonly<Record<string, string>> = {
  'GET /api/health': '*',
  'POST /api/auth/login': '*',
  'POST /api/auth/logout': 'APDCR',
  'GET /api/auth/me': 'APDCR',
  'GET /api/auth/providers': '*',
  'GET /api/auth/oidc/start': '*',
  'GET /api/auth/oidc/callback': '*',
  'GET /api/console/settings': 'APDCR',

  'GET /api/users': 'A',
  'POST /api/users': 'A',
  'GET /api/users/{id}': 'A',
  'PATCH /api/users/{id}': 'A',

  'GET /api/audit': 'APDR',
  'GET /api/audit/export': 'APDR',

  'POST /api/events': 'APD',
  'GET /api/events': 'APDCR',
  'GET /api/events/{id}': 'APDCR',
  'GET /api/events/{id}/commitments': 'APDCR',
  'GET /api/events/{id}/timeline': 'APDCR',
  'POST /api/events/{id}/cod-activation': 'PD',
  'POST /api/events/{id}/cip-order': 'PD',
  'POST /api/events/{id}/cip-opened': 'PD',
  'POST /api/events/{id}/facts': 'PDC',
  'POST /api/events/{id}/close': 'PD',

  'GET /api/cell/members': 'APDC',
  'POST /api/cell/members': 'AD',
  'PATCH /api/cell/members/{id}': 'AD',
  'GET /api/cell/rotations': 'APDCR',
  'POST /api/cell/rotations': 'AD',
  'DELETE /api/cell/rotations/{id}': 'AD',
  'GET /api/cell/overrides': 'APDCR',
  'POST /api/cell/overrides': 'AD',
  'DELETE /api/cell/overrides/{id}': 'AD',
  'GET /api/cell/on-call': 'APDCR',
  'GET /api/cell/coverage': 'APDCR',
  'POST /api/events/{id}/cell-activation': 'PD',
  'POST /api/events/{id}/cell-operational': 'PDC',
  'GET /api/events/{id}/cell': 'APDCR',
  'POST /api/events/{id}/cell/pages/{pageId}/ack': 'PDC',

  'GET /api/contacts': 'APDCR',
  'POST /api/contacts': 'ADC',
  'GET /api/contacts/lists': 'APDCR',
  'POST /api/contacts/lists': 'ADC',
  'GET /api/contacts/lists/{id}/members': 'APDCR',
  'POST /api/contacts/import': 'ADC',
  'GET /api/contacts/{id}': 'APDCR',
  'PATCH /api/contacts/{id}': 'ADC',
  'DELETE /api/contacts/{id}': 'ADC',

  'POST /api/events/{id}/messages': 'PDC',
  'GET /api/events/{id}/messages': 'APDCR',
  'GET /api/messages/{id}/preview': 'APDCR',
  'POST /api/messages/{id}/approve': 'PC',
  'POST /api/messages/{id}/dispatch': 'PC',
  'GET /api/messages/{id}/deliveries': 'APDCR',
  'GET /api/events/{id}/deliveries': 'APDCR',
  'POST /api/deliveries/{id}/resolve': 'PC',
  // Providers' callbacks: no session, a signature over the body (tested in test/channels/delivery-receipts.e2e-spec.ts).
  'POST /api/channels/sms/receipts': '*',
  'POST /api/channels/email/bounces': '*',

  'GET /api/events/{id}/report.md': 'APDCR',
  'GET /api/events/{id}/report.pdf': 'APDCR',
  'GET /api/events/{id}/timeline.csv': 'APDCR',
  'GET /api/reports/commitments': 'APDCR',
  'GET /api/events/{id}/proof': 'APDR',

  'GET /api/events/{id}/debriefs': 'APDCR',
  'PUT /api/events/{id}/debriefs/{phase}': 'R',
  'POST /api/events/{id}/debriefs/{phase}/actions': 'R',
  'PATCH /api/debrief-actions/{actionId}': 'R',
  'GET /api/debrief-actions': 'APDCR',

  'GET /api/exercises/programme': 'APDCR',
  'PUT /api/exercises/programme/{year}': 'APDR',
  'GET /api/exercises/calendar.ics': '*',
  'POST /api/exercises/calendar-token': 'APDCR',
  'POST /api/exercises': 'APDR',
  'GET /api/exercises': 'APDCR',
  'GET /api/exercises/{id}': 'APDCR',
  'PATCH /api/exercises/{id}': 'APDR',
  'POST /api/exercises/{id}/cancel': 'APDR',
  'POST /api/exercises/{id}/start': 'APDR',
  'POST /api/exercises/{id}/end': 'APDR',
  'GET /api/exercises/{id}/injects': 'APDCR',
  'POST /api/exercises/{id}/injects': 'APDR',
  'POST /api/exercises/{id}/injects/import': 'APDR',
  'POST /api/exercises/{id}/msel/start': 'APDR',
  'POST /api/exercises/{id}/msel/pause': 'APDR',
  'POST /api/exercises/{id}/msel/resume': 'APDR',
  'POST /api/exercises/{id}/injects/{injectId}/skip': 'APDR',
  'POST /api/exercises/{id}/injects/{injectId}/deliver': 'APDR',
  'POST /api/exercises/{id}/injects/{injectId}/response': 'APDCR',
};

export const ROLE_LETTERS = { A: 'admin', P: 'prefect', D: 'duty_officer', C: 'communication', R: 'reviewer' } as const;
export type RoleName = (typeof ROLE_LETTERS)[keyof typeof ROLE_LETTERS];
export const ROLE_NAMES = Object.values(ROLE_LETTERS) as RoleName[];

export function allowedRoles(route: string): RoleName[] | 'public' | undefined {
  const spec = ACCESS[route];
  if (spec === undefined) return undefined;
  if (spec === '*') return 'public';
  return [...spec].map((l) => ROLE_LETTERS[l as keyof typeof ROLE_LETTERS]);
}
