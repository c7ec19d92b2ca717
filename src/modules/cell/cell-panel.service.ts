import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { cellRoleLabelFr } from '../../domain/cell/cell-member.policy';
import { cellReadiness } from '../../domain/cell/escalation.policy';
import { formatParis } from '../../domain/time/paris-time';
import { DeliveriesService } from '../delivery/deliveries.service';
import { EventsService } from '../events/events.service';
import { CellStore } from './cell.store';
import { pageView, uncoveredRoleError } from './cell-views';

/** The cell panel of an event: who was paged, how each page went, who answered, escalations, operational time. */
@Injectable()
export class CellPanelService {
  constructor(
    private readonly store: CellStore,
    private readonly events: EventsService,
    private readonly deliveries: DeliveriesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `m`: a caller's snapshot (the after-action report reads everything in one). */
  async panel(eventId: string, m?: EntityManager) {
    const event = await this.events.get(eventId, m);
    const activations = await this.store.activationsOfEvent(eventId, m);
    const pages = await this.store.pagesOfEvent(eventId, m);
    const sent = await this.deliveries.ofPages(
      pages.map((p) => p.id),
      m,
    );
    const roles = [...new Set([...this.config.cell.requiredRoles, ...pages.map((p) => p.role)])];
    const acked = new Set(pages.filter((p) => p.ackedAt).map((p) => p.role));
    const readiness = cellReadiness(this.config.cell.requiredRoles, acked);
    const operationalAt = event.cell.operationalAt;
    return {
      eventId,
      mode: event.mode,
      calledAt: event.cell.calledAt,
      calledAtParis: event.cell.calledAt ? formatParis(new Date(event.cell.calledAt)) : null,
      operationalAt,
      operationalAtParis: operationalAt ? formatParis(new Date(operationalAt)) : null,
      autoOperational: this.config.cell.autoOperational,
      requiredRoles: this.config.cell.requiredRoles,
      readiness,
      activations: activations.map((a) => ({
        id: a.id,
        calledAt: a.calledAt.toISOString(),
        calledAtParis: formatParis(a.calledAt),
        calledBy: a.calledBy,
        uncoveredRoles: a.uncoveredRoles,
        errors: a.uncoveredRoles.map(uncoveredRoleError),
      })),
      roles: roles.map((role) => {
        const own = pages.filter((p) => p.role === role);
        const ack = own.find((p) => p.ackedAt);
        return {
          role,
          roleLabel: cellRoleLabelFr(role),
          required: this.config.cell.requiredRoles.includes(role),
          paged: own.length > 0,
          acknowledged: ack ? { by: ack.memberName, at: ack.ackedAt!.toISOString(), atParis: formatParis(ack.ackedAt!), via: ack.ackedVia } : null,
          escalations: own.filter((p) => p.round > 1).length,
          exhausted: own.some((p) => p.escalationOutcome === 'exhausted'),
        };
      }),
      pages: pages.map((p) => pageView(p, sent)),
    };
  }
}
