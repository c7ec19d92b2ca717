import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { databaseNow } from '../../database/db-clock';
import { eventKindLabelFr } from '../../domain/events/event-kind';
import { AnnualEvent, AnnualReport, buildAnnualReport, OverdueAction, parisYearBounds, Programme } from '../../domain/reports/annual-report';
import { DebriefsService } from '../debriefs/debriefs.service';
import { ExercisesReadService } from '../exercises/exercises-read.service';
import { CommitmentsService } from '../events/commitments.service';
import { EventEntity } from '../events/event.entity';

/**
 * The annual commitments report: the events of a Paris calendar year (placed
 * by their COD decision, else their creation), each with its five clocks from
 * the API's own CommitmentsService, counted by the pure rules of
 * src/domain/reports/annual-report.ts, with the exercise programme (C3)
 * and the overdue actions of the debriefs.
 */
@Injectable()
export class AnnualReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commitments: CommitmentsService,
    private readonly debriefs: DebriefsService,
    private readonly exercises: ExercisesReadService,
  ) {}

  async forYear(year: number): Promise<AnnualReport> {
    const m = this.dataSource.manager;
    const { from, to } = parisYearBounds(year);
    const now = await databaseNow(m);
    const events = await m
      .createQueryBuilder(EventEntity, 'e')
      .where('COALESCE(e.cod_decided_at, e.created_at) >= :from AND COALESCE(e.cod_decided_at, e.created_at) < :to', { from, to })
      .orderBy('COALESCE(e.cod_decided_at, e.created_at)', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getMany();
    const rows: AnnualEvent[] = [];
    for (const e of events) {
      const clocks = await this.commitments.compute(m, e, now);
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
