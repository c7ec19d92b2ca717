import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '../../access';
import { ProofService } from './proof.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/events')
export class ProofController {
  constructor(private readonly proofs: ProofService) {}

  /** One self-contained file; `npm run audit:verify -- proof.json` checks it offline. */
  @Get(':id/proof')
  @Allow('proof.export')
  async proof(@Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    const bundle = await this.proofs.bundleOf(id);
    res.setHeader('Content-Disposition', `attachment; filename="proof-${bundle.eventId}-${bundle.exportedAt.replace(/[:.]/g, '-')}.json"`);
    return bundle;
  }
}
