import { cellRoleLabelFr } from '../../domain/cell/cell-member.policy';
import { formatParis } from '../../domain/time/paris-time';
import { SETTLED_DELIVERY_STATUSES } from '../../domain/channels/channel-catalogue';
import type { OwnedDeliveryView } from '../delivery/delivery-hooks.service';
import type { CellPageEntity } from './cell-page.entity';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const paris = (d: Date | null) => (d ? formatParis(new Date(d)) : null);

export function uncoveredRoleError(role: string) {
  return {
    code: 'role_uncovered',
    role,
    message: `Personne n'est d'astreinte comme ${cellRoleLabelFr(role)} : ce rôle n'a pas été appelé. Appelez quelqu'un par téléphone et complétez le tour d'astreinte.`,
  };
}

/** What became of one channel of a page, read from its delivery row: `proof` is the provider's acceptance (message id, job id). */
export function pageChannelView(d: OwnedDeliveryView) {
  return {
    deliveryId: d.id,
    status: d.status,
    attempts: d.attempts,
    at: (d.acceptedAt ?? d.updatedAt).toISOString(),
    ...(d.acceptedAt ? { acceptedAt: d.acceptedAt.toISOString() } : {}),
    ...(d.proof ? { proof: d.proof } : {}),
    ...(d.error ? { detail: d.error } : {}),
    ...(d.status === 'queued' ? { nextAttemptAt: d.nextAttemptAt.toISOString() } : {}),
  };
}

export const isSettled = (d: OwnedDeliveryView) => SETTLED_DELIVERY_STATUSES.includes(d.status);

/**
 * One page as the console shows it: who, which round, each channel's outcome
 * (from the page's deliveries in the outbox, among `deliveries`), the
 * acknowledgement, the escalation.
 */
export function pageView(p: CellPageEntity, deliveries: readonly OwnedDeliveryView[]) {
  const own = deliveries.filter((d) => d.ownerId === p.id);
  return {
    id: p.id,
    activationId: p.activationId,
    role: p.role,
    roleLabel: cellRoleLabelFr(p.role),
    round: p.round,
    member: { id: p.memberId, name: p.memberName },
    pagedAt: iso(p.pagedAt),
    pagedAtParis: paris(p.pagedAt),
    deliveries: Object.fromEntries(own.map((d) => [d.channel, pageChannelView(d)])),
    /** Every channel settled: nothing more will be tried. */
    sent: own.length > 0 && own.every(isSettled),
    linkExpiresAt: iso(p.ackExpiresAt),
    acknowledgement: p.ackedAt ? { at: iso(p.ackedAt), atParis: paris(p.ackedAt), via: p.ackedVia, by: p.ackedBy } : null,
    escalation: { dueAt: iso(p.escalateAt), dueAtParis: paris(p.escalateAt), outcome: p.escalationOutcome },
  };
}

export type PageView = ReturnType<typeof pageView>;
