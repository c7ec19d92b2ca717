import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { conflict } from '../../common/app-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { escalationDueAt } from '../../domain/cell/escalation.policy';
import { composePage } from '../../domain/cell/page-message';
import { onCallAt } from '../../domain/cell/rotation.policy';
import type { ChannelName } from '../../domain/channels/channel-catalogue';
import { DeliveriesService } from '../delivery/deliveries.service';
import { DeliveryQueueService } from '../delivery/delivery-queue.service';
import { EventDecisionsService } from '../events/event-decisions.service';
import { UnitOfWork, Work } from '../unit-of-work/unit-of-work.service';
import { CellAckKeyService } from './cell-ack-key.service';
import { CellActivationEntity } from './cell-activation.entity';
import { CellMemberEntity } from './cell-member.entity';
import { CellPageEntity } from './cell-page.entity';
import { CellRosterService } from './cell-roster.service';
import { CellStore } from './cell.store';
import { pageView, uncoveredRoleError } from './cell-views';

/** Every page goes out by email and by SMS. */
export const PAGE_CHANNELS: readonly ChannelName[] = ['email', 'sms'];
const HOUR_MS = 3_600_000;
/**
 * How long the call (and an escalation) waits for the worker's first attempt
 * at its pages, so that the duty officer reads in the answer whether they went
 * out. The pages are in the outbox either way: a slower provider only means the
 * answer says `queued` and the panel shows the outcome when it comes.
 */
export const PAGE_OUTCOME_WAIT_MS = 10_000;

/**
 * Calling the cell and paging its members. Each page is a row written with the
 * call (or the escalation), with one delivery per channel in the outbox
 * (audience `cell`, the priority lane): the delivery worker sends, retries and
 * records them like any delivery, and tells the cell through its listener
 * (CellPageResultsService).
 */
@Injectable()
export class CellPagerService {
  constructor(
    private readonly store: CellStore,
    private readonly unitOfWork: UnitOfWork,
    private readonly roster: CellRosterService,
    private readonly keys: CellAckKeyService,
    private readonly queue: DeliveryQueueService,
    private readonly deliveries: DeliveriesService,
    private readonly decisions: EventDecisionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Pages the on-call member of every role. A role with nobody on call is
   * reported in `errors` while the others are still paged; nobody on call at
   * all is a 409 and nothing is recorded.
   */
  async callCell(eventId: string, actor: string) {
    const done = await this.unitOfWork.run(async (work) => {
      const m = work.manager;
      const called = await this.decisions.markCellCalled(work, eventId);
      const now = called.at;
      const roster = await this.roster.loadRoster(now, m);
      const roles = this.roster.rolesOf(roster);
      const covered: { role: string; chain: string[] }[] = [];
      const uncovered: string[] = [];
      for (const role of roles) {
        const oc = onCallAt(roster, role, now);
        if (oc) covered.push({ role, chain: [oc.memberId, ...oc.backups] });
        else uncovered.push(role);
      }
      if (covered.length === 0) {
        throw conflict(
          'cell_nobody_on_call',
          `Nobody is on call for any role of the cell (${roles.join(', ')}): nobody was paged and nothing was recorded. Call the members by phone and fill the roster (/api/cell/rotations).`,
        );
      }
      const activation = await m.save(
        m.create(CellActivationEntity, {
          eventId,
          calledAt: now,
          calledBy: actor,
          eventTitle: called.event.title,
          eventKindLabel: called.event.kindLabel,
          exercise: called.event.mode === 'exercise',
          uncoveredRoles: uncovered,
        }),
      );
      await work.audit({
        actor,
        action: 'cell.called',
        subjectType: 'event',
        subjectId: eventId,
        payload: { activationId: activation.id, calledAt: now.toISOString(), c1Started: called.changed, mode: called.event.mode, pagedRoles: covered.map((c) => c.role), uncoveredRoles: uncovered },
      });
      work.publish({ eventId, type: 'cell.changed', data: { activationId: activation.id, action: 'called' } });
      const pageIds: string[] = [];
      for (const c of covered) pageIds.push(await this.insertPage(work, activation, c.role, 1, c.chain, roster.names.get(c.chain[0])!, now, actor));
      return { activation, pageIds, called, uncovered };
    });
    await this.deliveries.awaitFirstAttempt(done.pageIds, PAGE_OUTCOME_WAIT_MS);
    const pages = await this.store.pagesOfActivation(done.activation.id);
    const sent = await this.deliveries.ofPages(pages.map((p) => p.id));
    return {
      activationId: done.activation.id,
      eventId,
      calledAt: done.activation.calledAt.toISOString(),
      c1Started: done.called.changed,
      complete: done.uncovered.length === 0,
      errors: done.uncovered.map(uncoveredRoleError),
      pages: pages.map((p) => pageView(p, sent)),
    };
  }

  /**
   * Inside the caller's unit of work: one page row, its audit entry, and its
   * text queued in the outbox on each channel (the worker is woken after commit).
   */
  async insertPage(work: Work, activation: CellActivationEntity, role: string, round: number, chain: string[], member: CellMemberEntity, now: Date, actor: string): Promise<string> {
    const m = work.manager;
    const page = await m.save(
      m.create(CellPageEntity, {
        activationId: activation.id,
        eventId: activation.eventId,
        memberId: member.id,
        memberName: member.name,
        role,
        round,
        chain,
        pagedAt: now,
        ackJti: randomUUID(),
        ackExpiresAt: new Date(Math.floor((now.getTime() + this.config.cell.ackLinkHours * HOUR_MS) / 1000) * 1000),
        escalateAt: escalationDueAt(now, { minutes: this.config.cell.escalationMinutes, rounds: this.config.cell.escalationRounds }),
      }),
    );
    await work.audit({
      actor,
      action: 'cell.paged',
      subjectType: 'cell_page',
      subjectId: page.id,
      payload: {
        eventId: activation.eventId,
        activationId: activation.id,
        role,
        round,
        memberId: member.id,
        memberName: member.name,
        channels: PAGE_CHANNELS,
        linkExpiresAt: page.ackExpiresAt.toISOString(),
        escalateAt: page.escalateAt?.toISOString() ?? null,
      },
    });
    const msg = composePage({
      memberName: member.name,
      role,
      eventTitle: activation.eventTitle,
      eventKindLabel: activation.eventKindLabel,
      exercise: activation.exercise,
      pagedAt: now,
      round,
      link: this.keys.link(page.ackJti, page.ackExpiresAt),
      linkExpiresAt: page.ackExpiresAt,
    });
    const common = { eventId: activation.eventId, pageId: page.id, audience: 'cell', marker: `CELL-${page.id.slice(0, 8)}`, exercise: activation.exercise, factual: false };
    // Cell members are staff: they take part in exercises and receive exercise pages.
    const recipient = (address: string) => [{ contactId: null, name: member.name, address, exerciseParticipant: true }];
    await this.queue.enqueue(m, [
      { content: { ...common, channel: 'email', subject: msg.subject, text: msg.text, html: msg.html }, recipients: recipient(member.email) },
      { content: { ...common, channel: 'sms', text: msg.sms }, recipients: recipient(member.phone) },
    ]);
    work.afterCommit(() => this.queue.wake());
    return page.id;
  }
}
