import { HttpStatus, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppError, badRequest, unprocessable } from '../../common/app-error';
import { readRawBody } from '../../common/raw-body';
import { parseInjectCsv } from '../../domain/exercises/inject-csv.policy';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { ExerciseLockService } from './exercise-lock.service';
import { ExerciseInjectEntity } from './exercise-inject.entity';
import { InjectTimersService } from './inject-timers.service';
import { InjectsStore } from './injects.store';

const MAX_BYTES = 1024 * 1024;

/** The raw text/csv body, UTF-8, at most 1 MB. */
export async function readCsvBody(req: Request): Promise<string> {
  const raw = await readRawBody(req, {
    maxBytes: MAX_BYTES,
    wrongType: () =>
      new AppError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'injects_csv_content_type', `Send the CSV file as the body with Content-Type: text/csv (received ${req.headers['content-type'] ?? 'no type'}).`),
    tooLarge: () => new AppError(HttpStatus.PAYLOAD_TOO_LARGE, 'injects_csv_too_large', 'The file is larger than 1 MB.'),
  });
  const text = raw.toString('utf8');
  if (text.includes('\uFFFD')) throw badRequest('injects_csv_encoding', 'The file is not UTF-8: save it as "CSV UTF-8" and send it again.');
  return text;
}

/** Imports an MSEL from a CSV file: every line checked, then all written in one transaction, or nothing. */
@Injectable()
export class InjectImportService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly timers: InjectTimersService,
    private readonly exercises: ExerciseLockService,
    private readonly injects: InjectsStore,
  ) {}

  async importCsv(exerciseId: string, text: string, dryRun: boolean, actor: string) {
    return this.uow.run(async (work) => {
      const m = work.manager;
      const e = await this.exercises.lock(m, exerciseId, ['planned', 'running'], 'import injects (the exercise is over)');
      const parsed = parseInjectCsv(text, e.players);
      if (!parsed.ok) throw badRequest('injects_csv_unreadable', parsed.message);
      const report = { dryRun, lines: parsed.injects.length + parsed.errors.length, valid: parsed.injects.length, imported: 0, errors: parsed.errors };
      if (parsed.errors.length)
        throw unprocessable(
          'injects_csv_invalid',
          `${parsed.errors.length} line(s) of the file are wrong; nothing was imported. First: line ${parsed.errors[0].line}, ${parsed.errors[0].column}: ${parsed.errors[0].message}`,
          report,
        );
      if (dryRun) return report;
      const last = await this.injects.lastPosition(e.id, m);
      const rows = await m.save(
        parsed.injects.map((i, n) =>
          m.create(ExerciseInjectEntity, {
            exerciseId: e.id,
            position: last + n + 1,
            offsetMinutes: i.offsetMinutes,
            scenario: i.scenario,
            recipient: i.recipient,
            means: i.means,
            expectedAction: i.expectedAction,
            status: 'pending',
            createdBy: actor,
          }),
        ),
      );
      const armed = await this.timers.schedule(
        m,
        e,
        rows.map((r) => r.id),
      );
      await work.audit({
        actor,
        action: 'exercise.injects_imported',
        subjectType: 'exercise',
        subjectId: e.id,
        payload: { ...(e.eventId ? { eventId: e.eventId } : {}), count: rows.length, live: !!e.mselStartedAt },
      });
      work.afterCommit(() => this.timers.arm(armed));
      if (e.eventId) work.publish({ eventId: e.eventId, type: 'timeline.appended', data: { exerciseId, action: 'injects_imported' } });
      return { ...report, imported: rows.length };
    });
  }
}
