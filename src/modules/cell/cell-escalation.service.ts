import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { updateReturning } from '../../database/sql';
import { EscalationStep, nextEscalation } from '../../domain/cell/escalation.policy';
import { minutesSince } from '../../domain/events/timeline-labels';
import { DeliveriesService } from '../delivery/deliveries.service';
import { EventDecisionsService } from '../events/event-decisions.service';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { CellActivationEntity } from './cell-activation.entity';
import { CellMemberEntity } from './cell-member.entity';
import { CellPagerService, PAGE_OUTCOME_WAIT_MS } from './cell-pager.service';

interface ClaimedPage {
  id: string;
  activation_id: string;
  event_id: string;
  member_id: string;
  member_name: string;
  role: string;
  round: number;
  chain: string[];
  paged_at: Date;
}

export interface EscalationResult {
  pageId: string;
  eventId: string;
  role: string;
  outcome: 'escalated' | 'acknowledged' | 'exhausted' | 'cell_operational' | 'event_closed';
  newPageId?: string;
}

/**
 * Escalation of unanswered pages. The due time is a column of the page, not
 * an in-memory timer, so a restart loses nothing: the sweep of any instance
 * claims a due page by a conditional UPDATE (SKIP LOCKED), and only the one
 * that claimed it pages the backup (its page goes out through the outbox).
 *
 * The interval is registered by hand rather than with `@Interval`, whose delay
 * is fixed when the class is declared and so cannot come from the configuration.
 */
@Injectable()
export class CellEscalationService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CellEscalationService.name);
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly registry: SchedulerRegistry,
    private readonly pager: CellPagerService,
    private readonly decisions: EventDecisionsService,
    private readonly deliveries: DeliveriesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const handle = setInterval(() => void this.sweep().catch((e) => this.logger.error({ err: e }, 'cell sweep failed')), this.config.cell.sweepSeconds * 1000);
    handle.unref();
    this.registry.addInterval('cell-escalation-sweep', handle);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    // Let a sweep in progress finish its transaction before the pool closes.
    await this.running?.catch(() => undefined);
  }

  /** One pass: every due escalation. Overlapping passes in one process are merged. */
  sweep(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= (async () => {
      try {
        while (!this.stopped && (await this.escalateNext())) {
          // one claimed page per transaction
        }
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Claims and handles the most overdue escalation; null when none is due. */
  async escalateNext(): Promise<EscalationResult | null> {
    const settings = { minutes: this.config.cell.escalationMinutes, rounds: this.config.cell.escalationRounds };
    const result = await this.unitOfWork.run(async (work) => {
      const m = work.manager;
      const [p] = await updateReturning<ClaimedPage>(
        m,
        `UPDATE cell_pages SET escalation_claimed_at = clock_timestamp()
          WHERE id = (SELECT id FROM cell_pages WHERE escalation_claimed_at IS NULL AND escalate_at <= clock_timestamp()
                       ORDER BY escalate_at LIMIT 1 FOR UPDATE SKIP LOCKED)
          RETURNING id, activation_id, event_id, member_id, member_name, role, round, chain, paged_at`,
        [],
      );
      if (!p) return null;
      const at = await work.now();
      const event = await this.decisions.eventForCell(m, p.event_id, false);
      const acked = (await m.query('SELECT 1 FROM cell_pages WHERE activation_id = $1 AND role = $2 AND acked_at IS NOT NULL LIMIT 1', [p.activation_id, p.role])).length > 0;
      const active = await m.find(CellMemberEntity, { where: { id: In(p.chain), active: true } });
      // Members deactivated since the call are skipped; the chain keeps its order.
      const chain = p.chain.filter((id) => active.some((a) => a.id === id));
      let step: EscalationStep | { kind: 'cell_operational' | 'event_closed' };
      if (event.status === 'closed') step = { kind: 'event_closed' };
      else if (acked) step = { kind: 'acknowledged' };
      else if (event.cell.operationalAt) step = { kind: 'cell_operational' };
      else if (chain.length === 0) step = { kind: 'exhausted', rounds: settings.rounds };
      else step = nextEscalation({ round: p.round, roleAcknowledged: false, chain }, settings);

      const outcome: EscalationResult['outcome'] = step.kind === 'page' ? 'escalated' : step.kind;
      await m.query('UPDATE cell_pages SET escalation_outcome = $2 WHERE id = $1', [p.id, outcome]);
      const base = { eventId: p.event_id, activationId: p.activation_id, role: p.role, round: p.round, fromPageId: p.id, fromMemberName: p.member_name };
      const minutesWithoutAck = minutesSince(new Date(p.paged_at), at);
      let newPageId: string | undefined;
      if (step.kind === 'page') {
        const activation = await m.findOneByOrFail(CellActivationEntity, { id: p.activation_id });
        const member = active.find((a) => a.id === step.memberId)!;
        await work.audit({ actor: 'system', action: 'cell.escalated', subjectType: 'event', subjectId: p.event_id, payload: { ...base, toRound: step.round, toMemberId: member.id, toMemberName: member.name, minutesWithoutAck } });
        newPageId = await this.pager.insertPage(work, activation, p.role, step.round, p.chain, member, at, 'system');
      } else if (step.kind === 'exhausted') {
        await work.audit({ actor: 'system', action: 'cell.escalation_exhausted', subjectType: 'event', subjectId: p.event_id, payload: { ...base, rounds: step.rounds, minutesWithoutAck } });
      }
      if (outcome === 'escalated' || outcome === 'exhausted') {
        work.publish({ eventId: p.event_id, type: 'cell.changed', data: { action: outcome, role: p.role, pageId: newPageId ?? p.id } });
      }
      return { pageId: p.id, eventId: p.event_id, role: p.role, outcome, newPageId };
    });
    if (!result) return null;
    // As for a call: the escalation returns once the worker here has tried the backup's page.
    if (result.newPageId) await this.deliveries.awaitFirstAttempt([result.newPageId], PAGE_OUTCOME_WAIT_MS);
    return result;
  }
}
