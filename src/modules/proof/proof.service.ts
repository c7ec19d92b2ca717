import { Inject, Injectable } from '@nestjs/common';
import { badRequest } from '../../common/app-error';
import { redactSecrets } from '../../common/redact';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { databaseNow } from '../../database/db-clock';
import { isUuid } from '../../domain/ids';
import { buildProofBundle, CommitmentShown, ProofBundle, ProviderProof, SegmentRow } from '../../domain/proof/proof-bundle';
import { AuditService } from '../audit/audit.service';
import { DeliveryReadsService } from '../delivery/delivery-reads.service';
import { EventsService } from '../events/events.service';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';

/**
 * The proof bundle of one event, read in one REPEATABLE READ snapshot: the
 * entries, the head, the commitments and the receipts all describe the same
 * instant, so the offline verifier can recompute every clock from the entries.
 */
@Injectable()
export class ProofService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: EventsService,
    private readonly audit: AuditService,
    private readonly deliveries: DeliveryReadsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async bundleOf(eventId: string): Promise<ProofBundle> {
    if (!isUuid(eventId)) throw badRequest('bad_event_id', `"${eventId}" is not an event id: an event id is a UUID, e.g. 3f2b8c4e-1d2a-4e5f-9a6b-7c8d9e0f1a2b.`);
    return this.uow.snapshot(async (m) => {
      const event = await this.events.get(eventId, m);
      const clocks = await this.events.commitmentsOf(eventId, m);
      // The audit module's rule of the event's timeline; content only for the event's entries.
      const segment: SegmentRow[] = await this.audit.eventSegment(eventId, m);
      const deliveries = await this.deliveries.receiptsOf(eventId, m);
      const at = await databaseNow(m);
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
        exportedAt: at.toISOString(),
        now: clocks.now,
        settings: { durationMinutes: this.config.clocks.durationMinutes },
        commitments: clocks.commitments as CommitmentShown[],
        providerProofs,
      });
    });
  }
}
