import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { EventsModule } from '../events/events.module';
import { UnitOfWorkModule } from '../unit-of-work/unit-of-work.module';
import { ProofController } from './proof.controller';
import { ProofService } from './proof.service';

/** The proof bundle of an event (GET /api/events/:id/proof), checked offline by scripts/audit-verify.ts. */
@Module({
  imports: [EventsModule, AuditModule, DeliveryModule, UnitOfWorkModule],
  controllers: [ProofController],
  providers: [ProofService],
  exports: [ProofService],
})
export class ProofModule {}
