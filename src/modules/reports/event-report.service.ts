import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { badRequest } from '../../common/app-error';
import { Commitment } from '../../domain/events/commitment-clocks';
import { eventKindLabelFr } from '../../domain/events/event-kind';
import { isUuid } from '../../domain/ids';
import type { DebriefSection, EventReport, ExerciseSection, ReportCell, ReportCommitment, ReportDeliveryLine, ReportTimelineEntry } from '../../domain/reports/event-report.types';
import { AUDIENCE_FR, CHANNEL_FR, parisOr } from '../../domain/reports/report-text';
import { CellPanelService } from '../cell/cell-panel.service';
import { DebriefsService } from '../debriefs/debriefs.service';
import { ExercisesReadService } from '../exercises/exercises-read.service';
import { DeliveriesService } from '../delivery/deliveries.service';
import type { FirstFact } from '../events/commitments.service';
import { EventReadsService, EventRecord } from '../events/event-reads.service';
import { TimelineService } from '../events/timeline.service';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** A report refuses an id that is not a UUID with 400: the address is malformed, it names nothing. */
export function checkEventId(id: string): void {
  if (!isUuid(id)) throw badRequest('invalid_event_id', `"${id}" is not an event id: an event id is a UUID such as 3f2b8c1e-0a4d-4c9b-9a57-2d1e6f0b7c11.`);
}

/**
 * Gathers the after-action report of one event from the record: the event,
 * its clocks by the API's own CommitmentsService, the cell panel, the
 * deliveries, the timeline, the exercise and its injects, and the debriefs,
 * all read in one snapshot: a report made during a dispatch counts in its
 * delivery table exactly the results its timeline shows, as of `generatedAt`.
 */
@Injectable()
export class EventReportService {
  constructor(
    private readonly events: EventReadsService,
    private readonly timeline: TimelineService,
    private readonly cellPanel: CellPanelService,
    private readonly deliveries: DeliveriesService,
    private readonly debriefs: DebriefsService,
    private readonly exercises: ExercisesReadService,
    private readonly uow: UnitOfWork,
  ) {}

  async collect(eventId: string): Promise<EventReport> {
    checkEventId(eventId);
    await this.exercises.syncHeld();
    return this.uow.snapshot((m) => this.collectIn(eventId, m));
  }

  private async collectIn(eventId: string, m: EntityManager): Promise<EventReport> {
    // One read of the first facts: the clocks and the words that say what met them.
    const { event, now, facts, clocks } = await this.events.clocksOf(eventId, m);
    // One after the other: a transaction's statements run one at a time on its connection anyway.
    const commitments = this.commitmentRows(event, clocks, facts);
    const cell = await this.cellSection(eventId, m);
    const deliveries = await this.deliverySection(eventId, m);
    const timeline = await this.timelineSection(eventId, m);
    const exercise = await this.exerciseSection(eventId, m);
    const debriefs = await this.debriefSection(eventId, m);
    return {
      generatedAt: now.toISOString(),
      event: {
        id: event.id,
        title: event.title,
        kind: event.kind,
        kindLabel: eventKindLabelFr(event.kind),
        mode: event.mode,
        communes: event.communes,
        synergiRef: event.synergiRef,
        status: event.status,
        createdAt: event.createdAt.toISOString(),
        createdBy: event.createdBy,
        closedAt: iso(event.closedAt),
      },
      cod: event.codDecidedAt
        ? { decidedAt: event.codDecidedAt.toISOString(), recordedAt: iso(event.codRecordedAt), decidedBy: event.codDecidedBy, recordedBy: event.codRecordedBy, reason: event.codReason }
        : null,
      commitments,
      cell,
      deliveries,
      cip: event.cipOrderedAt
        ? { orderedAt: event.cipOrderedAt.toISOString(), recordedAt: iso(event.cipRecordedAt), orderedBy: event.cipOrderedBy, nationalNumber: event.cipNumber, openedAt: iso(event.cipOpenedAt) }
        : null,
      timeline,
      exercise,
      debriefs,
    };
  }

  /** The clocks as the API computes them, with the meeting fact told in words. */
  private commitmentRows(event: EventRecord, clocks: Commitment[], facts: FirstFact[]): ReportCommitment[] {
    // The C2 facts the clocks used (the earliest per audience): their description and means say what they were.
    const byAudience = new Map(facts.map((f) => [f.audience, f]));
    return clocks.map((c) => {
      let fact: string | null = null;
      if (c.metAt) {
        if (c.key === 'C1') fact = `Cellule déclarée opérationnelle le ${parisOr(iso(c.metAt))}`;
        else if (c.key === 'C4') fact = `CIP ouverte le ${parisOr(iso(c.metAt))}${event.cipNumber ? `, numéro ${event.cipNumber}` : ''}`;
        else {
          const f = byAudience.get(c.facts.audience);
          const who = AUDIENCE_FR[c.facts.audience] ?? c.facts.audience;
          fact = f
            ? f.manual
              ? `${who} : ${f.description} (${f.means}, saisi par ${f.recorded_by})`
              : `${who} : premier message accepté par ${CHANNEL_FR[f.means] ?? f.means}`
            : `${who} : message accepté`;
        }
      }
      return {
        key: c.key,
        label: c.label,
        durationMinutes: c.durationMinutes,
        status: c.status,
        startedAt: iso(c.startedAt),
        dueAt: iso(c.dueAt),
        metAt: iso(c.metAt),
        elapsedMinutes: c.elapsedMinutes,
        minutesLeft: c.minutesLeft,
        manual: c.manual,
        fact,
      };
    });
  }

  private async cellSection(eventId: string, m: EntityManager): Promise<ReportCell> {
    const p = await this.cellPanel.panel(eventId, m);
    return {
      calledAt: p.calledAt,
      operationalAt: p.operationalAt,
      activations: p.activations.map((a) => ({ calledAt: a.calledAt, calledBy: a.calledBy, uncoveredRoles: a.uncoveredRoles })),
      pages: p.pages.map((pg) => ({
        role: pg.role,
        roleLabel: pg.roleLabel,
        round: pg.round,
        memberName: pg.member.name,
        pagedAt: pg.pagedAt,
        channels: Object.entries(pg.deliveries ?? {}).map(([channel, d]) => ({ channel, status: d?.status ?? 'pending' })),
        ackedAt: pg.acknowledgement?.at ?? null,
        ackedVia: pg.acknowledgement?.via ?? null,
        escalationOutcome: pg.escalation.outcome,
      })),
    };
  }

  private async deliverySection(eventId: string, m: EntityManager): Promise<ReportDeliveryLine[]> {
    const { lines, failures, receipts } = await this.deliveries.acceptanceOfEvent(eventId, undefined, m);
    const out = new Map<string, ReportDeliveryLine>();
    for (const l of lines) {
      const key = `${l.audience}|${l.channel}`;
      const line = out.get(key) ?? { audience: l.audience, channel: l.channel, total: 0, counts: {}, receipts: {}, firstAcceptedAt: null, lastAcceptedAt: null, failures: [], failedCount: 0 };
      line.total += l.count;
      line.counts[l.status] = (line.counts[l.status] ?? 0) + l.count;
      if (l.status === 'failed' || l.status === 'unknown') line.failedCount += l.count;
      const first = iso(l.first);
      const last = iso(l.last);
      if (first && (!line.firstAcceptedAt || first < line.firstAcceptedAt)) line.firstAcceptedAt = first;
      if (last && (!line.lastAcceptedAt || last > line.lastAcceptedAt)) line.lastAcceptedAt = last;
      out.set(key, line);
    }
    for (const r of receipts) {
      const line = out.get(`${r.audience}|${r.channel}`);
      if (line) line.receipts[r.receipt] = (line.receipts[r.receipt] ?? 0) + r.count;
    }
    for (const f of failures) out.get(`${f.audience}|${f.channel}`)?.failures.push({ recipient: f.recipient, status: f.status, error: f.error });
    return [...out.values()];
  }

  /** Every entry, page after page (the timeline API answers 5,000 at a time). */
  private async timelineSection(eventId: string, m: EntityManager): Promise<ReportTimelineEntry[]> {
    const out: ReportTimelineEntry[] = [];
    for (let after = 0; ;) {
      const page = await this.timeline.of(eventId, after, m);
      for (const e of page.entries) out.push({ seq: e.seq, at: e.at, tPlusMinutes: e.tPlusMinutes, actor: e.actor, action: e.action, label: e.label });
      if (page.entries.length < 5000) return out;
      after = page.entries[page.entries.length - 1].seq;
    }
  }

  /** The exercise linked to this event (none for a real event), its injects and the players' responses. */
  private async exerciseSection(eventId: string, m: EntityManager): Promise<ExerciseSection> {
    const x = await this.exercises.ofEvent(eventId, m);
    if (!x) return null;
    return {
      exerciseId: x.exerciseId,
      title: x.title,
      type: x.type,
      objectives: x.objectives,
      commitments: x.commitments,
      director: x.director,
      players: x.players.map((p) => ({ name: p.name, role: p.role })),
      startedAt: x.startedAt,
      injects: x.injects.map((i) => ({
        order: i.order,
        offsetMinutes: i.offsetMinutes,
        scenario: i.scenario,
        recipient: i.recipient,
        means: i.means,
        expectedAction: i.expectedAction,
        status: i.status,
        deliveredAt: i.deliveredAt,
        response: i.response,
        respondedAt: i.respondedAt,
        respondedBy: i.respondedBy,
      })),
    };
  }

  /** The hot and cold debriefs of this event, with their action plans. */
  private async debriefSection(eventId: string, m: EntityManager): Promise<DebriefSection[]> {
    return (await this.debriefs.ofEvent(eventId, m)).map((d) => ({
      phase: d.phase,
      heldAt: d.heldAt,
      participants: d.participants,
      wentWell: d.wentWell,
      toImprove: d.toImprove,
      findings: d.findings.map((f) => ({ text: f.text, timelineSeqs: f.timelineSeqs })),
      actions: d.actions.map((a) => ({ id: a.id, title: a.title, owner: a.owner, dueDate: a.dueDate, status: a.status, overdue: a.overdue })),
    }));
  }
}
