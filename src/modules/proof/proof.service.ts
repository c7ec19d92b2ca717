import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badRequest } from '../../common/app-error';
import { redactSecrets } from '../../common/redact';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { isUuid } from '../../domain/ids';
import { buildProofBundle, CommitmentShown, ProofBundle, ProviderProof, SegmentRow } from '../../domain/proof/proof-bundle';
import { EventsService } from '../events/events.service';

interface SegmentDbRow {
  seq: string;
  at: Date;
  actor: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  payload: unknown;
  prev_hash: string;
  hash: string;
  of_event: boolean;
}

// The rule of the event's timeline (src/modules/events/timeline.service.ts).
const OF_EVENT = `((subject_type = 'event' AND subject_id = $1) OR payload->>'eventId' = $1)`;

/**
 * The proof bundle of one event, read in one REPEATABLE READ snapshot: the
 * entries, the head, the commitments and the receipts all describe the same
 * instant, so the offline verifier can recompute every clock from the entries.
 */
@Injectable()
export class ProofService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async bundleOf(eventId: string): Promise<ProofBundle> {
    if (!isUuid(eventId)) throw badRequest('bad_event_id', `"${eventId}" is not an event id: an event id is a UUID, e.g. 3f2b8c4e-1d2a-4e5f-9a6b-7c8d9e0f1a2b.`);
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const event = await this.events.get(eventId, m);
      const clocks = await this.events.commitmentsOf(eventId, m);
      // Content only for the event's entries: the others stay private, as links.
      const rows: SegmentDbRow[] = await m.query(
        `SELECT seq, at, actor, action, subject_type, subject_id, prev_hash, hash, ${OF_EVENT} AS of_event,
                CASE WHEN ${OF_EVENT} THEN payload END AS payload
           FROM audit_log WHERE seq >= (SELECT min(seq) FROM audit_log WHERE ${OF_EVENT}) ORDER BY seq`,
        [eventId],
      );
      const deliveries: { id: string; message_id: string; channel: string; audience: string; status: string; accepted_at: Date | null; proof: Record<string, string> }[] =
        await m.query(
          // Bulletins' receipts: a page's outcome is recorded in its cell.page_sent entry, not as a message's result.
          `SELECT id, message_id, channel, audience, status, accepted_at, proof FROM deliveries
            WHERE event_id = $1 AND message_id IS NOT NULL AND proof IS NOT NULL ORDER BY accepted_at NULLS LAST, id`,
          [eventId],
        );
      const [{ at }] = await m.query('SELECT clock_timestamp() AS at');
      const segment: SegmentRow[] = rows.map((r) => ({
        seq: Number(r.seq),
        at: new Date(r.at).toISOString(),
        actor: r.actor,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        payload: r.payload,
        prevHash: r.prev_hash,
        hash: r.hash,
        ofEvent: r.of_event,
      }));
      const providerProofs: ProviderProof[] = deliveries.map((d) => ({
        deliveryId: d.id,
        messageId: d.message_id,
        channel: d.channel,
        audience: d.audience,
        status: d.status,
        acceptedAt: d.accepted_at ? new Date(d.accepted_at).toISOString() : null,
        // As the audit entry holds it (AuditService.append redacts the same way).
        proof: redactSecrets(d.proof),
      }));
      return buildProofBundle({
        eventId,
        event: event as unknown as Record<string, unknown>,
        rows: segment,
        exportedAt: new Date(at).toISOString(),
        now: clocks.now,
        settings: { durationMinutes: this.config.clocks.durationMinutes },
        commitments: clocks.commitments as CommitmentShown[],
        providerProofs,
      });
    });
  }
}
