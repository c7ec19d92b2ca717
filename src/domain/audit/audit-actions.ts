/**
 * The one vocabulary of audit actions. A test reads every action the source
 * writes and fails when one is missing here; the timeline's French labels
 * (timeline-labels.ts) are typed by it, so none can be left out.
 */

/** Actions about a major event: recorded with the event as subject or `eventId` in the payload, shown on its timeline. */
export const EVENT_TIMELINE_ACTIONS = [
  'event.created',
  'event.cod_activated',
  'event.cip_ordered',
  'event.cip_opened',
  'event.fact_recorded',
  'event.closed',
  'clock.warning',
  'clock.missed',
  'message.drafted',
  'message.approved',
  'message.dispatched',
  'delivery.results',
  'delivery.lease_expired',
  'delivery.reconciled',
  'delivery.resolved',
  'delivery.receipt',
  'cell.called',
  'cell.paged',
  'cell.page_sent',
  'cell.acknowledged',
  'cell.operational',
  'cell.escalated',
  'cell.escalation_exhausted',
  'debrief.written',
  'debrief.updated',
  'debrief.action_added',
  'debrief.action_updated',
  'exercise.planned',
  'exercise.updated',
  'exercise.cancelled',
  'exercise.started',
  'exercise.ended',
  'exercise.reminder_sent',
  'exercise.msel_started',
  'exercise.msel_paused',
  'exercise.msel_resumed',
  'exercise.inject_added',
  'exercise.inject_skipped',
  'exercise.inject_delivered',
  'exercise.inject_response',
  'exercise.injects_imported',
] as const;

/**
 * Actions about the prefecture's setup (roster, channels, programme): not tied
 * to one event, they still get a French label because reviewers read them.
 */
export const SETUP_ACTIONS = [
  'cell.member_created',
  'cell.member_updated',
  'cell.rotation_created',
  'cell.rotation_deleted',
  'cell.override_created',
  'cell.override_deleted',
  'channel.credentials_refused',
  'channel.credentials_ok',
  'exercise.programme_target_set',
  'exercise.calendar_token_issued',
] as const;

/** Sessions, users and contacts: audit-only, shown in the raw audit log, never on a timeline. */
export const ACCOUNT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.login_throttled',
  'auth.logout',
  'auth.forbidden',
  'user.created',
  'user.updated',
  'contact.created',
  'contact.updated',
  'contact.deactivated',
  'contacts.imported',
  'contacts.list_created',
  'contacts.sample_loaded',
] as const;

export const AUDIT_ACTIONS = [...EVENT_TIMELINE_ACTIONS, ...SETUP_ACTIONS, ...ACCOUNT_ACTIONS] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type LabelledAction = (typeof EVENT_TIMELINE_ACTIONS)[number] | (typeof SETUP_ACTIONS)[number];
