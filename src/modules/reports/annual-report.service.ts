import { Injectable } from '@nestjs/common';
import { eventKindLabelFr } from '../../domain/events/event-kind';
import { AnnualEvent, AnnualReport, buildAnnualReport, OverdueAction, parisYearBounds, Programme } from '../../domain/reports/annual-report';
import { DebriefsService } from '../debriefs/debriefs.service';
import { ExercisesReadService } from '../exercises/exercises-read.service';
import { EventReadsService } from '../events/event-reads.service';

/**
 * The annual commitments report: the events of a Paris calendar year (placed
 * by their COD decision, else their creation), each with its five clocks from
 * the API's own CommitmentsService (through EventReadsService), counted by the pure rules of
 * src/domain/reports/annual-report.ts, with the exercise programme (C3)
 * and the overdue actions of the debriefs.
 */
@Injectable()
export class AnnualReportService {
  constructor(
    private readonly events: EventReadsService,
    private readonly debriefs: DebriefsService,
    private readonly exercises: ExercisesReadService,
  ) {}

  async forYear(year: number): Promise<AnnualReport> {
    const { from, to } = parisYearBounds(year);
    const { now, events } = await this.events.clocksOfPeriod(from, to);
    const rows: AnnualEvent[] = [];
    for (const { event: e, clocks } of events) {
      rows.push({
        id: e.id,
        title: e.title,
        mode: e.mode,
        kindLabel: eventKindLabelFr(e.kind),
        status: e.status,
        placedAt: (e.codDecidedAt ?? e.createdAt).toISOString(),
        placedBy: e.codDecidedAt ? 'cod_decision' : 'creation',
        clocks: clocks.map((c) => ({ key: c.key, status: c.status, elapsedMinutes: c.elapsedMinutes, manual: c.manual })),
      });
    }
    const [programme, overdueActions] = await Promise.all([this.programmeOf(year), this.overdueActionsOf(year)]);
    return buildAnnualReport({ year, generatedAt: now, events: rows, programme, overdueActions });
  }

  /** Held, planned and cancelled exercises against the year's target (C3). */
  private async programmeOf(year: number): Promise<Programme> {
    const p = await this.exercises.programmeSummary(year);
    return { year: p.year, target: p.target, held: p.held, planned: p.planned, cancelled: p.cancelled, onTrack: p.onTrack, behindBy: p.behindBy };
  }

  /** The actions due in that year (Paris) that are past their due date and not done, across every event. */
  private async overdueActionsOf(year: number): Promise<OverdueAction[]> {
    return this.debriefs.actions({ year, overdueOnly: true });
  }
}
