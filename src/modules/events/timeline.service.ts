import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { minutesSince, timelineLabel } from '../../domain/events/timeline-labels';
import { formatParis } from '../../domain/time/paris-time';
import { findEvent } from './event-lock';

/** The timeline of an event is read from the audit log: the record and the story are one. */
@Injectable()
export class TimelineService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async of(eventId: string, afterSeq = 0) {
    const event = await findEvent(this.dataSource.manager, eventId);
    const rows: { seq: string; at: Date; actor: string; action: string; subject_type: string; subject_id: string; payload: Record<string, unknown> }[] =
      await this.dataSource.query(
        `SELECT seq, at, actor, action, subject_type, subject_id, payload FROM audit_log
          WHERE ((subject_type = 'event' AND subject_id = $1) OR payload->>'eventId' = $1) AND seq > $2
          ORDER BY seq LIMIT 5000`,
        [eventId, afterSeq],
      );
    return {
      eventId,
      mode: event.mode,
      codDecidedAt: event.codDecidedAt?.toISOString() ?? null,
      entries: rows.map((r) => {
        const at = new Date(r.at);
        return {
          seq: Number(r.seq),
          at: at.toISOString(),
          atParis: formatParis(at),
          tPlusMinutes: minutesSince(event.codDecidedAt, at),
          actor: r.actor,
          action: r.action,
          label: timelineLabel(r.action, r.payload),
          subject: { type: r.subject_type, id: r.subject_id },
          payload: r.payload,
        };
      }),
    };
  }

  /**
   * Which of `seqs` are not entries of this event's timeline (same rule as
   * `of`): for records that cite the timeline, such as debrief findings.
   */
  async seqsNotInTimeline(eventId: string, seqs: number[], m: EntityManager = this.dataSource.manager): Promise<number[]> {
    const wanted = [...new Set(seqs)];
    if (!wanted.length) return [];
    const rows: { seq: string }[] = await m.query(
      `SELECT seq FROM audit_log
        WHERE seq = ANY($2::bigint[]) AND ((subject_type = 'event' AND subject_id = $1) OR payload->>'eventId' = $1)`,
      [eventId, wanted],
    );
    const found = new Set(rows.map((r) => Number(r.seq)));
    return wanted.filter((s) => !found.has(s)).sort((a, b) => a - b);
  }
}
