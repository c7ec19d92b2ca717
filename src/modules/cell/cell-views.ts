import { cellRoleLabelFr } from '../../domain/cell/cell-member.policy';
import { formatParis } from '../../domain/time/paris-time';
import type { CellPageEntity } from './cell-page.entity';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const paris = (d: Date | null) => (d ? formatParis(new Date(d)) : null);

export function uncoveredRoleError(role: string) {
  return {
    code: 'role_uncovered',
    role,
    message: `Personne n'est d'astreinte comme ${cellRoleLabelFr(role)} : ce rôle n'a pas été appelé. Appelez quelqu'un par téléphone et complétez le tour d'astreinte. (Nobody is on call for the role ${role}: it was not paged.)`,
  };
}

/** One page as the console shows it: who, which round, each channel's outcome, the acknowledgement, the escalation. */
export function pageView(p: CellPageEntity) {
  return {
    id: p.id,
    activationId: p.activationId,
    role: p.role,
    roleLabel: cellRoleLabelFr(p.role),
    round: p.round,
    member: { id: p.memberId, name: p.memberName },
    pagedAt: iso(p.pagedAt),
    pagedAtParis: paris(p.pagedAt),
    deliveries: p.deliveries,
    sent: p.sentAt !== null,
    linkExpiresAt: iso(p.ackExpiresAt),
    acknowledgement: p.ackedAt ? { at: iso(p.ackedAt), atParis: paris(p.ackedAt), via: p.ackedVia, by: p.ackedBy } : null,
    escalation: { dueAt: iso(p.escalateAt), dueAtParis: paris(p.escalateAt), outcome: p.escalationOutcome },
  };
}

export type PageView = ReturnType<typeof pageView>;
