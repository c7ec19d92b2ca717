import { ACTION_STATUS_LABELS_FR, DEBRIEF_PHASE_LABELS_FR, DebriefPhase, heldWhileOpen, isOverdue } from '../../domain/debriefs/debrief.policy';
import { formatParis } from '../../domain/time/paris-time';
import { DebriefActionEntity } from './debrief-action.entity';
import { DebriefEntity, DebriefParticipant } from './debrief.entity';

/** `2027-01-15` → `15/01/2027`: the day as a French reader writes it. */
export const frenchDay = (day: string): string => day.split('-').reverse().join('/');

/** "Claire Dupont (cheffe de cellule, préfecture)", or the name alone. */
export const participantLine = (p: DebriefParticipant): string => (p.role ? `${p.name} (${p.role})` : p.name);

export function actionView(a: DebriefActionEntity, phase: DebriefPhase, now: Date) {
  return {
    id: a.id,
    debriefId: a.debriefId,
    eventId: a.eventId,
    phase,
    title: a.title,
    owner: a.owner,
    dueDate: a.dueDate,
    dueDateFr: frenchDay(a.dueDate),
    status: a.status,
    statusLabel: ACTION_STATUS_LABELS_FR[a.status],
    doneAt: a.doneAt ? a.doneAt.toISOString() : null,
    doneAtParis: a.doneAt ? formatParis(a.doneAt) : null,
    overdue: isOverdue(a, now),
    createdBy: a.createdBy,
    createdAt: a.createdAt.toISOString(),
  };
}
export type ActionView = ReturnType<typeof actionView>;

export function debriefView(d: DebriefEntity, actions: DebriefActionEntity[], eventClosedAt: Date | null, now: Date) {
  return {
    id: d.id,
    eventId: d.eventId,
    phase: d.phase,
    phaseLabel: DEBRIEF_PHASE_LABELS_FR[d.phase],
    heldAt: d.heldAt.toISOString(),
    heldAtParis: formatParis(d.heldAt),
    /** True when the debrief was held while the event was still open (not closed yet, or closed later). */
    heldWhileEventOpen: heldWhileOpen(d.heldAt, eventClosedAt),
    participants: d.participants.map(participantLine),
    participantDetails: d.participants,
    wentWell: d.wentWell,
    toImprove: d.toImprove,
    findings: d.findings,
    writtenBy: d.writtenBy,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    actions: actions.map((a) => actionView(a, d.phase, now)),
  };
}
export type DebriefView = ReturnType<typeof debriefView>;
