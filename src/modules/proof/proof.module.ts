import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { ProofController } from './proof.controller';
import { ProofService } from './proof.service';

/** The proof bundle of an event (GET /api/events/:id/proof), checked offline by scripts/audit-verify.ts. */
@Module({
  imports: [EventsModule],
  controllers: [ProofController],
  providers: [ProofService],
  exports: [ProofService],
})
export class ProofModule {}
