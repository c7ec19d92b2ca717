import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { conflict } from '../../common/app-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { updateReturning } from '../../database/sql';
import { escalationDueAt } from '../../domain/cell/escalation.policy';
import { composePage } from '../../domain/cell/page-message';
import { onCallAt } from '../../domain/cell/rotation.policy';
import { AuditService } from '../audit/audit.service';
import type { SendOutcome } from '../channels/channel-adapter';
import { ChannelsService } from '../channels/channels.service';
import { EventDecisionsService } from '../events/event-decisions.service';
import { LiveEventsService } from '../live/live-events.service';
import { CellAckKeyService } from './cell-ack-key.service';
import { CellActivationEntity } from './cell-activation.entity';
import { CellMemberEntity } from './cell-member.entity';
import { CellPageEntity, PageChannel, PageDelivery } from './cell-page.entity';
import { CellRosterService } from './cell-roster.service';
import { pageView, uncoveredRoleError } from './cell-views';

const CHANNELS: PageChannel[] = ['email', 'sms'];
const FINAL = new Set<PageDelivery['status']>(['sent', 'sandboxed', 'permanent']);
// A claimed page whose sender died is taken back after this; it is also the wait between retries.
const SEND_LEASE_SECONDS = 60;
const MAX_SEND_ATTEMPTS = 5;
const HOUR_MS = 3_600_000;

function toDelivery(outcome: SendOutcome, attempts: number, at: Date): PageDelivery {
  const base = { status: outcome.kind, attempts, at: at.toISOString() } as PageDelivery;
  return outcome.kind === 'sent' ? { ...base, proof: outcome.proof } : { ...base, detail: outcome.reason };
}

/**
 * Calling the cell and paging its members. Pages are rows written with the
 * call (or the escalation), then sent after commit through the channels; the
 * sweep sends again any page a crash left unsent (email and SMS are
 * at-least-once).
 */
@Injectable()
export class CellPagerService {
  private readonly logger = new Logger(CellPagerService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly live: LiveEventsService,
    private readonly roster: CellRosterService,
    private readonly keys: CellAckKeyService,
    private readonly channels: ChannelsService,
    private readonly decisions: EventDecisionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Pages the on-call member of every role. A role with nobody on call is
   * reported in `errors` while the others are still paged; nobody on call at
   * all is a 409 and nothing is recorded.
   */
  async callCell(eventId: string, actor: string) {
    const done = await this.dataSource.transaction(async (m) => {
      const called = await this.decisions.markCellCalled(m, eventId);
      const now = called.at;
      const roster = await this.roster.loadRoster(m, now);
      const roles = this.roster.rolesOf(roster);
      const covered: { role: string; chain: string[] }[] = [];
      const uncovered: string[] = [];
      for (const role of roles) {
        const oc = onCallAt(roster, role, now);
        if (oc) covered.push({ role, chain: [oc.memberId, ...oc.backups] });
        else uncovered.push(role);
      }
      if (covered.length === 0) {
        throw conflict('cell_nobody_on_call', `Nobody is on call for any role of the cell (${roles.join(', ')}): nobody was paged and nothing was recorded. Call the members by phone and fill the roster (/api/cell/rotations).`);
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
      await this.audit.append(
        {
          actor,
          action: 'cell.called',
          subjectType: 'event',
          subjectId: eventId,
          payload: { activationId: activation.id, calledAt: now.toISOString(), c1Started: called.changed, mode: called.event.mode, pagedRoles: covered.map((c) => c.role), uncoveredRoles: uncovered },
        },
        m,
      );
      const pageIds: string[] = [];
      for (const c of covered) pageIds.push(await this.insertPage(m, activation, c.role, 1, c.chain, roster.names.get(c.chain[0])!, now, actor));
      return { activation, pageIds, called, uncovered };
    });
    done.called.afterCommit();
    this.live.publish({ eventId, type: 'cell.changed', data: { activationId: done.activation.id, action: 'called' } });
    await Promise.all(done.pageIds.map((id) => this.sendPage(id)));
    const pages = await this.dataSource.getRepository(CellPageEntity).find({ where: { activationId: done.activation.id }, order: { role: 'ASC' } });
    return {
      activationId: done.activation.id,
      eventId,
      calledAt: done.activation.calledAt.toISOString(),
      c1Started: done.called.changed,
      complete: done.uncovered.length === 0,
      errors: done.uncovered.map(uncoveredRoleError),
      pages: pages.map(pageView),
    };
  }

  /** Inside the caller's transaction: one page row and its audit entry. Send it after commit. */
  async insertPage(m: EntityManager, activation: CellActivationEntity, role: string, round: number, chain: string[], member: CellMemberEntity, now: Date, actor: string): Promise<string> {
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
        deliveries: {},
      }),
    );
    await this.audit.append(
      {
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
          channels: CHANNELS,
          linkExpiresAt: page.ackExpiresAt.toISOString(),
          escalateAt: page.escalateAt?.toISOString() ?? null,
        },
      },
      m,
    );
    return page.id;
  }

  /**
   * Sends a page on each channel not yet settled, if this process claims it
   * (another instance, or the request that wrote it, may be sending it).
   * Never throws for a channel's failure: the outcome is recorded.
   */
  async sendPage(pageId: string): Promise<void> {
    const [claimed] = await updateReturning<{ id: string }>(
      this.dataSource.manager,
      `UPDATE cell_pages SET send_claimed_at = clock_timestamp()
        WHERE id = $1 AND sent_at IS NULL AND (send_claimed_at IS NULL OR send_claimed_at < clock_timestamp() - make_interval(secs => $2))
        RETURNING id`,
      [pageId, SEND_LEASE_SECONDS],
    );
    if (!claimed) return;
    const page = await this.dataSource.getRepository(CellPageEntity).findOneOrFail({ where: { id: pageId }, relations: { activation: true, member: true } });
    const { activation, member } = page;
    const msg = composePage({
      memberName: member.name,
      role: page.role,
      eventTitle: activation.eventTitle,
      eventKindLabel: activation.eventKindLabel,
      exercise: activation.exercise,
      pagedAt: page.pagedAt,
      round: page.round,
      link: this.keys.link(page.ackJti, page.ackExpiresAt),
      linkExpiresAt: page.ackExpiresAt,
    });
    const deliveries = { ...page.deliveries };
    for (const channel of CHANNELS) {
      const previous = deliveries[channel];
      if (previous && FINAL.has(previous.status)) continue;
      const outcome = await this.channels.send({
        reference: page.id,
        channel,
        to: channel === 'email' ? member.email : member.phone,
        subject: channel === 'email' ? msg.subject : undefined,
        text: channel === 'email' ? msg.text : msg.sms,
        html: channel === 'email' ? msg.html : undefined,
        marker: `CELL-${page.id.slice(0, 8)}`,
        exercise: activation.exercise,
        // Cell members are staff: they take part in exercises and receive exercise pages.
        exerciseParticipant: true,
        eventId: page.eventId,
      });
      deliveries[channel] = toDelivery(outcome, (previous?.attempts ?? 0) + 1, new Date());
    }
    const settled = CHANNELS.every((c) => FINAL.has(deliveries[c]!.status) || deliveries[c]!.attempts >= MAX_SEND_ATTEMPTS);
    await this.dataSource.transaction(async (m) => {
      await m.query(`UPDATE cell_pages SET deliveries = $2, sent_at = CASE WHEN $3 THEN clock_timestamp() END, send_claimed_at = clock_timestamp() WHERE id = $1`, [pageId, JSON.stringify(deliveries), settled]);
      await this.audit.append(
        {
          actor: 'system',
          action: 'cell.page_sent',
          subjectType: 'cell_page',
          subjectId: pageId,
          payload: { eventId: page.eventId, role: page.role, round: page.round, memberName: page.memberName, settled, deliveries },
        },
        m,
      );
    });
    const failed = CHANNELS.filter((c) => !['sent', 'sandboxed'].includes(deliveries[c]!.status));
    if (failed.length) this.logger.warn({ pageId, failed, statuses: failed.map((c) => deliveries[c]!.status) }, 'cell page not delivered on every channel');
    this.live.publish({ eventId: page.eventId, type: 'cell.changed', data: { pageId, action: 'page_sent' } });
  }

  /** Pages a crash or a temporary failure left unsent, whose lease has run out. */
  async resendUnsent(): Promise<number> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM cell_pages WHERE sent_at IS NULL AND (send_claimed_at IS NULL OR send_claimed_at < clock_timestamp() - make_interval(secs => $1)) ORDER BY paged_at LIMIT 100`,
      [SEND_LEASE_SECONDS],
    );
    for (const r of rows) await this.sendPage(r.id).catch((e) => this.logger.error({ err: e, pageId: r.id }, 'cell page send failed'));
    return rows.length;
  }
}
