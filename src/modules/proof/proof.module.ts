import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { EventsModule } from '../events/events.module';
import { ProofController } from './proof.controller';
import { ProofService } from './proof.service';
import { ProofStore } from './proof.store';

/** The proof bundle of an event (GET /api/events/:id/proof), checked offline by scripts/audit-verify.ts. */
@Module({
  imports: [EventsModule, AuditModule, DeliveryModule],
  controllers: [ProofController],
  providers: [ProofStore, ProofService],
  exports: [ProofService],
})
export class ProofModule {}
