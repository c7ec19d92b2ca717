import { Inject, Injectable } from '@nestjs/common';
import { conflict, notFound } from '../../common/app-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AckTokenRefusal } from '../../domain/cell/ack-token';
import { cellReadiness } from '../../domain/cell/escalation.policy';
import { minutesSince } from '../../domain/events/timeline-labels';
import { formatParis } from '../../domain/time/paris-time';
import { EventDecisionsService } from '../events/event-decisions.service';
import { UnitOfWork, Work } from '../unit-of-work/unit-of-work.service';
import { CellAckKeyService } from './cell-ack-key.service';
import { CellActivationEntity } from './cell-activation.entity';
import { CellPageEntity } from './cell-page.entity';
import { AckedRow, CellStore } from './cell.store';
import { isUuid } from '../../domain/ids';

/** What a link leads to; the controller turns it into a page a person reads. */
export type LinkState =
  | { kind: AckTokenRefusal | 'unknown'; expiresAt?: Date }
  | { kind: 'used'; at: Date }
  | { kind: 'already'; page: CellPageEntity; eventTitle: string }
  | { kind: 'confirm'; page: CellPageEntity; eventTitle: string; exercise: boolean }
  | { kind: 'recorded'; page: CellPageEntity; eventTitle: string; operational: boolean };

/**
 * Acknowledgements (by the link, or recorded in the console) and the cell
 * becoming operational. Every acknowledgement locks its event first, so that
 * two members answering together are counted in turn and the one who
 * completes the required roles is seen to complete them.
 */
@Injectable()
export class CellAckService {
  constructor(
    private readonly store: CellStore,
    private readonly keys: CellAckKeyService,
    private readonly decisions: EventDecisionsService,
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** GET of a link: says what confirming would do, changes nothing (mail scanners follow links). */
  async inspectLink(token: string): Promise<LinkState> {
    const found = await this.pageOfToken(token);
    if ('kind' in found) return found;
    const { page, activation } = found;
    if (page.linkUsedAt) return { kind: 'used', at: page.linkUsedAt };
    if (page.ackedAt) return { kind: 'already', page, eventTitle: activation.eventTitle };
    return { kind: 'confirm', page, eventTitle: activation.eventTitle, exercise: activation.exercise };
  }

  /** POST of a link: the member confirms. A link works once; a refused one changes nothing. */
  async acknowledgeByLink(token: string): Promise<LinkState> {
    const found = await this.pageOfToken(token);
    if ('kind' in found) return found;
    const { page, activation } = found;
    const done = await this.unitOfWork.run(async (work) => {
      await this.decisions.eventForCell(work.manager, page.eventId, true);
      const row = await this.store.ackByLink(work.manager, page.id);
      if (!row) return null;
      return this.recordAcknowledgement(work, row);
    });
    const fresh = await this.store.page(page.id);
    if (!done) return fresh.linkUsedAt ? { kind: 'used', at: fresh.linkUsedAt } : { kind: 'already', page: fresh, eventTitle: activation.eventTitle };
    return { kind: 'recorded', page: fresh, eventTitle: activation.eventTitle, operational: done.operational };
  }

  /** A user records the acknowledgement for a member (who answered by phone, say). */
  async acknowledgeFromConsole(eventId: string, pageId: string, actor: string) {
    const done = await this.unitOfWork.run(async (work) => {
      const m = work.manager;
      await this.decisions.eventForCell(m, eventId, true);
      const row = isUuid(pageId) ? await this.store.ackFromConsole(m, pageId, eventId, actor) : undefined;
      if (!row) {
        const existing = isUuid(pageId) ? await m.findOneBy(CellPageEntity, { id: pageId, eventId }) : null;
        if (!existing) throw notFound('cell_page_not_found', `No page ${pageId} for this event.`);
        throw conflict(
          'page_already_acknowledged',
          `${existing.memberName} already acknowledged this page on ${formatParis(existing.ackedAt!)} (Paris time, ${existing.ackedVia === 'link' ? 'by the link' : `recorded by ${existing.ackedBy}`}).`,
          { memberName: existing.memberName, ackedAtParis: formatParis(existing.ackedAt!) },
        );
      }
      return this.recordAcknowledgement(work, row);
    });
    return { pageId, acknowledged: true, operational: done.operational };
  }

  /** The cell chief declares the cell operational: that time meets C1. */
  async declareOperational(eventId: string, actor: string, declaredBy?: string) {
    const done = await this.unitOfWork.run(async (work) => {
      const now = await work.now();
      const change = await this.decisions.markCellOperational(work, eventId, now, { auto: false });
      const readiness = await this.readiness(work.manager, eventId);
      await work.audit({
        actor,
        action: 'cell.operational',
        subjectType: 'event',
        subjectId: eventId,
        payload: { auto: false, at: now.toISOString(), declaredBy: declaredBy?.trim() || actor, requiredRoles: this.config.cell.requiredRoles, missingRoles: readiness.missing },
      });
      work.publish({ eventId, type: 'cell.changed', data: { action: 'operational' } });
      return { change, missing: readiness.missing };
    });
    return { eventId, operationalAt: done.change.at.toISOString(), operationalAtParis: formatParis(done.change.at), auto: false, missingRoles: done.missing };
  }

  /** Inside the unit of work: the role answered, its audit entry, and the cell operational when that completes it. */
  private async recordAcknowledgement(work: Work, row: AckedRow) {
    const m = work.manager;
    const ackedAt = new Date(row.acked_at);
    // The role is answered: its pending escalations stop here, in this transaction.
    await this.store.stopEscalations(m, row.activation_id, row.role);
    await work.audit({
      actor: row.acked_via === 'link' ? `cell_member:${row.member_id}` : row.acked_by,
      action: 'cell.acknowledged',
      subjectType: 'cell_page',
      subjectId: row.id,
      payload: {
        eventId: row.event_id,
        activationId: row.activation_id,
        role: row.role,
        round: row.round,
        memberId: row.member_id,
        memberName: row.member_name,
        via: row.acked_via,
        recordedBy: row.acked_by,
        ackedAt: ackedAt.toISOString(),
        minutesAfterPage: minutesSince(new Date(row.paged_at), ackedAt),
      },
    });
    let operational = false;
    if (this.config.cell.autoOperational) {
      const readiness = await this.readiness(m, row.event_id);
      if (readiness.ready) {
        const change = await this.decisions.markCellOperational(work, row.event_id, ackedAt, { auto: true });
        if (change.changed) {
          operational = true;
          await work.audit({
            actor: 'system',
            action: 'cell.operational',
            subjectType: 'event',
            subjectId: row.event_id,
            payload: { auto: true, at: ackedAt.toISOString(), requiredRoles: this.config.cell.requiredRoles, completedBy: row.member_name },
          });
        }
      }
    }
    work.publish({ eventId: row.event_id, type: 'cell.changed', data: { action: 'acknowledged', pageId: row.id, role: row.role } });
    return { operational };
  }

  private async readiness(m: Work['manager'], eventId: string) {
    return cellReadiness(this.config.cell.requiredRoles, await this.store.ackedRoles(m, eventId));
  }

  private async pageOfToken(token: string): Promise<{ page: CellPageEntity; activation: CellActivationEntity } | { kind: AckTokenRefusal | 'unknown'; expiresAt?: Date }> {
    const now = await this.store.now();
    const check = this.keys.verify(token, now);
    if (!check.ok) return { kind: check.code, expiresAt: check.expiresAt };
    const page = await this.store.pageOfJti(check.jti);
    // A valid signature on an unknown jti: a page removed with its event. Nothing to record.
    if (!page) return { kind: 'unknown' };
    return { page, activation: page.activation };
  }
}
