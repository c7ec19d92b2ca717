import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { minutesSince, timelineLabel } from '../../domain/events/timeline-labels';
import { formatParis } from '../../domain/time/paris-time';
import { AuditService } from '../audit/audit.service';
import { EventReadsStore } from './event-reads.store';

const PAGE = 5000;

/** The timeline of an event is read from the audit log (through the audit module): the record and the story are one. */
@Injectable()
export class TimelineService {
  constructor(
    private readonly events: EventReadsStore,
    private readonly audit: AuditService,
  ) {}

  /** `m`: a caller's snapshot (the after-action report). */
  async of(eventId: string, afterSeq = 0, m?: EntityManager) {
    const event = await this.events.get(eventId, m);
    const rows = await this.audit.eventEntries(eventId, afterSeq, PAGE, m);
    return {
      eventId,
      mode: event.mode,
      codDecidedAt: event.codDecidedAt?.toISOString() ?? null,
      entries: rows.map((r) => ({
        seq: r.seq,
        at: r.at.toISOString(),
        atParis: formatParis(r.at),
        tPlusMinutes: minutesSince(event.codDecidedAt, r.at),
        actor: r.actor,
        action: r.action,
        label: timelineLabel(r.action, r.payload),
        subject: { type: r.subjectType, id: r.subjectId },
        payload: r.payload,
      })),
    };
  }

  /**
   * Which of `seqs` are not entries of this event's timeline (same rule as
   * `of`): for records that cite the timeline, such as debrief findings.
   */
  seqsNotInTimeline(eventId: string, seqs: number[], m?: EntityManager): Promise<number[]> {
    return this.audit.seqsNotOfEvent(eventId, seqs, m);
  }
}
