import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { badRequest } from '../../common/app-error';
import { annualCsv, annualReportDocument, parseReportYear } from '../../domain/reports/annual-report';
import { eventReportDocument } from '../../domain/reports/event-report-content';
import { renderMarkdown } from '../../domain/reports/report-document';
import { parisDay } from '../../domain/time/paris-time';
import { timelineCsv } from '../../domain/reports/timeline-csv';
import { ALL_ROLES, Roles } from '../../access';
import { AnnualReportService } from './annual-report.service';
import { EventReportService } from './event-report.service';
import { fileSlug, sendFile } from './report-files';
import { renderPdf } from './report-pdf';

const FORMATS = ['pdf', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** Reports derived from the record, never stored: every role may read them (reviewers and auditors first). */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api')
export class ReportsController {
  constructor(
    private readonly eventReports: EventReportService,
    private readonly annual: AnnualReportService,
  ) {}

  @Get('events/:id/report.md')
  @Roles(...ALL_ROLES)
  async markdown(@Param('id') id: string, @Res() res: Response) {
    const report = await this.eventReports.collect(id);
    sendFile(res, renderMarkdown(eventReportDocument(report)), 'text/markdown; charset=utf-8', `rapport-${fileSlug(report.event.title)}-${parisDay(new Date(report.generatedAt))}.md`);
  }

  @Get('events/:id/report.pdf')
  @Roles(...ALL_ROLES)
  async pdf(@Param('id') id: string, @Res() res: Response) {
    const report = await this.eventReports.collect(id);
    const pdf = await renderPdf(eventReportDocument(report), { landscape: true });
    sendFile(res, pdf, 'application/pdf', `rapport-${fileSlug(report.event.title)}-${parisDay(new Date(report.generatedAt))}.pdf`);
  }

  @Get('events/:id/timeline.csv')
  @Roles(...ALL_ROLES)
  async timeline(@Param('id') id: string, @Res() res: Response) {
    const report = await this.eventReports.collect(id);
    sendFile(res, timelineCsv(report.timeline), 'text/csv; charset=utf-8', `chronologie-${fileSlug(report.event.title)}-${parisDay(new Date(report.generatedAt))}.csv`);
  }

  /** `?year=2026&format=pdf|csv|json` (pdf by default). */
  @Get('reports/commitments')
  @Roles(...ALL_ROLES)
  async commitments(@Query('year') rawYear: unknown, @Query('format') rawFormat: unknown, @Res() res: Response) {
    const year = parseReportYear(rawYear);
    if (!year.ok) throw badRequest('invalid_year', year.message);
    const format = (rawFormat ?? 'pdf') as Format;
    if (typeof format !== 'string' || !FORMATS.includes(format)) {
      throw badRequest('invalid_format', `Unknown format ${JSON.stringify(rawFormat)}: use format=pdf, format=csv or format=json.`);
    }
    const report = await this.annual.forYear(year.year);
    const name = `engagements-${year.year}`;
    if (format === 'json') res.json(report);
    else if (format === 'csv') sendFile(res, annualCsv(report), 'text/csv; charset=utf-8', `${name}.csv`);
    else sendFile(res, await renderPdf(annualReportDocument(report), { landscape: true }), 'application/pdf', `${name}.pdf`);
  }
}
