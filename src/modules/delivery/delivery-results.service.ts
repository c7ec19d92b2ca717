import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isC2Audience } from '../../domain/channels/channel-catalogue';
import { updateReturning } from '../../database/sql';
import { AuditService } from '../audit/audit.service';
import { EventDecisionsService } from '../events/event-decisions.service';
import { LiveEventsService } from '../live/live-events.service';
import { DeliveryStore, RecordedRow, RowResult } from './delivery-store';

/**
 * Records what became of a batch of deliveries, in one transaction: the rows,
 * one audit entry per message with each result, and the first acceptance of a
 * factual message per audience and channel as a C2 fact. Live updates go out
 * after commit.
 */
@Injectable()
export class DeliveryResultsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: DeliveryStore,
    private readonly audit: AuditService,
    private readonly decisions: EventDecisionsService,
    private readonly live: LiveEventsService,
  ) {}

  record(results: RowResult[], action = 'delivery.results', actor = 'system'): Promise<RecordedRow[]> {
    if (results.length === 0) return Promise.resolve([]);
    return this.commit((m) => this.store.record(m, results), action, actor);
  }

  /**
   * Applies a change to delivery rows and, in the same transaction, audits the
   * rows it returned and records the C2 facts they bring; notifies after commit.
   */
  async commit(change: (m: EntityManager) => Promise<RecordedRow[]>, action: string, actor: string): Promise<RecordedRow[]> {
    const { rows, facts, counts } = await this.dataSource.transaction(async (m) => {
      const rows = await change(m);
      // An acceptance may record a C2 fact on its event: hold the event before the audit chain (lock order).
      await this.decisions.holdEventsForFacts(m, rows.filter((r) => r.status === 'sent').map((r) => r.event_id));
      await this.auditByMessage(m, rows, action, actor);
      const facts = await this.recordFirstAcceptances(m, rows);
      return { rows, facts, counts: await this.countsOf(m, rows) };
    });
    for (const [messageId, c] of counts) this.live.publish({ eventId: c.eventId, type: 'delivery.changed', data: { messageId, counts: c.counts } });
    for (const eventId of facts) {
      this.live.publish({ eventId, type: 'clock.changed', data: {} });
      this.live.publish({ eventId, type: 'timeline.appended', data: {} });
    }
    return rows;
  }

  private async countsOf(m: EntityManager, rows: RecordedRow[]) {
    const out = new Map<string, { eventId: string; counts: unknown }>();
    for (const r of rows) if (!out.has(r.message_id)) out.set(r.message_id, { eventId: r.event_id, counts: await this.store.counts(r.message_id, m) });
    return out;
  }

  private async auditByMessage(m: EntityManager, rows: RecordedRow[], action: string, actor: string) {
    const byMessage = new Map<string, RecordedRow[]>();
    for (const r of rows) byMessage.set(r.message_id, [...(byMessage.get(r.message_id) ?? []), r]);
    for (const [messageId, list] of byMessage) {
      const counts: Record<string, number> = {};
      for (const r of list) counts[r.status] = (counts[r.status] ?? 0) + 1;
      await this.audit.append(
        {
          actor,
          action,
          subjectType: 'message',
          subjectId: messageId,
          payload: {
            eventId: list[0].event_id,
            counts,
            // The recipient's name, not the address: the address is in the delivery row.
            results: list.map((r) => ({
              deliveryId: r.id,
              channel: r.channel,
              audience: r.audience,
              recipient: r.recipient_name ?? null,
              status: r.status,
              attempts: r.attempts,
              proof: r.proof ?? null,
              // When the provider accepted it: binds the receipt in a proof bundle (src/domain/proof) to this entry.
              ...(r.accepted_at ? { acceptedAt: new Date(r.accepted_at).toISOString() } : {}),
              error: r.last_error ?? null,
              ...(r.status === 'queued' ? { nextAttemptAt: new Date(r.next_attempt_at).toISOString() } : {}),
              ...(r.needs_review ? { needsReview: true } : {}),
            })),
          },
        },
        m,
      );
    }
  }

  /** The first accepted delivery of each factual content meets C2 for its audience (a conditional update decides, once). */
  private async recordFirstAcceptances(m: EntityManager, rows: RecordedRow[]): Promise<Set<string>> {
    const met = new Set<string>();
    const first = new Map<string, RecordedRow>();
    for (const r of rows) if (r.status === 'sent' && !first.has(r.content_id)) first.set(r.content_id, r);
    if (first.size === 0) return met;
    const won = await updateReturning<{ id: string; marker: string; first_accepted_at: Date }>(
      m,
      `UPDATE delivery_contents c SET first_accepted_at = v.at
           FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, at timestamptz)
          WHERE c.id = v.id AND c.first_accepted_at IS NULL AND c.factual
          RETURNING c.id, c.marker, c.first_accepted_at`,
      [JSON.stringify([...first.values()].map((r) => ({ id: r.content_id, at: r.accepted_at })))],
    );
    for (const c of won) {
      const r = first.get(c.id)!;
      if (!isC2Audience(r.audience)) continue;
      await this.decisions.recordAcceptedFact(m, {
        eventId: r.event_id,
        audience: r.audience,
        at: new Date(c.first_accepted_at),
        means: r.channel,
        description: `Bulletin ${c.marker} accepté par le canal ${r.channel}`,
        deliveryId: r.id,
        messageId: r.message_id,
      });
      met.add(r.event_id);
    }
    return met;
  }
}
