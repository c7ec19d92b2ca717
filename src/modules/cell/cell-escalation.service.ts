import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { EscalationStep, nextEscalation } from '../../domain/cell/escalation.policy';
import { minutesSince } from '../../domain/events/timeline-labels';
import { DeliveriesService } from '../delivery/deliveries.service';
import { EventDecisionsService } from '../events/event-decisions.service';
import { BackgroundLoops } from '../scheduler/background-loops.service';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { CellActivationEntity } from './cell-activation.entity';
import { CellMemberEntity } from './cell-member.entity';
import { CellPagerService, PAGE_OUTCOME_WAIT_MS } from './cell-pager.service';
import { CellStore } from './cell.store';

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
 * The sweep is a loop of the scheduler, every CELL_SWEEP_SECONDS.
 */
@Injectable()
export class CellEscalationService implements OnApplicationBootstrap, OnModuleDestroy {
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly loops: BackgroundLoops,
    private readonly store: CellStore,
    private readonly pager: CellPagerService,
    private readonly decisions: EventDecisionsService,
    private readonly deliveries: DeliveriesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Every instance sweeps: a due page is claimed by one of them (SKIP LOCKED).
    this.loops.register({ name: 'cell-escalation-sweep', periodMs: this.config.cell.sweepSeconds * 1000, tick: () => this.sweep() });
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
      const p = await this.store.claimDueEscalation(m);
      if (!p) return null;
      const at = await work.now();
      const event = await this.decisions.eventForCell(m, p.event_id, false);
      const acked = await this.store.roleAcknowledged(m, p.activation_id, p.role);
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
      await this.store.setEscalationOutcome(m, p.id, outcome);
      const base = { eventId: p.event_id, activationId: p.activation_id, role: p.role, round: p.round, fromPageId: p.id, fromMemberName: p.member_name };
      const minutesWithoutAck = minutesSince(new Date(p.paged_at), at);
      let newPageId: string | undefined;
      if (step.kind === 'page') {
        const activation = await m.findOneByOrFail(CellActivationEntity, { id: p.activation_id });
        const member = active.find((a) => a.id === step.memberId)!;
        await work.audit({
          actor: 'system',
          action: 'cell.escalated',
          subjectType: 'event',
          subjectId: p.event_id,
          payload: { ...base, toRound: step.round, toMemberId: member.id, toMemberName: member.name, minutesWithoutAck },
        });
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
