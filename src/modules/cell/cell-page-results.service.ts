import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { In } from 'typeorm';
import { DeliveryHooks, OwnedResults, RESULTS_ACTION } from '../delivery/delivery-hooks.service';
import { CellPageEntity } from './cell-page.entity';
import { isSettled, pageChannelView } from './cell-views';

/**
 * What became of the pages, as the delivery worker records it: inside the
 * worker's transaction, one `cell.page_sent` entry per page with each channel's
 * outcome (what the timeline tells), and a live update of the cell panel after
 * commit. Registered as the outbox's listener for the audience `cell`, so the
 * delivery module never needs to know the cell.
 */
@Injectable()
export class CellPageResultsService implements OnModuleInit {
  private readonly logger = new Logger(CellPageResultsService.name);

  constructor(private readonly hooks: DeliveryHooks) {}

  onModuleInit(): void {
    this.hooks.onResults('cell', (r) => this.record(r));
  }

  private async record({ work, action, actor, recorded, current }: OwnedResults): Promise<void> {
    const ids = [...new Set(recorded.map((d) => d.ownerId))];
    const pages = await work.manager.find(CellPageEntity, { where: { id: In(ids) } });
    for (const page of pages) {
      const mine = recorded.filter((d) => d.ownerId === page.id);
      const settled = current.filter((d) => d.ownerId === page.id).every(isSettled);
      const deliveries = Object.fromEntries(mine.map((d) => [d.channel, pageChannelView(d)]));
      await work.audit({
        actor,
        // A lease taken back from a stopped worker keeps the outbox's name; a send's outcome is the cell's story.
        action: action === RESULTS_ACTION ? 'cell.page_sent' : action,
        subjectType: 'cell_page',
        subjectId: page.id,
        payload: { eventId: page.eventId, role: page.role, round: page.round, memberName: page.memberName, settled, deliveries },
      });
      const failed = mine.filter((d) => d.status !== 'sent' && d.status !== 'sandboxed');
      if (failed.length)
        work.afterCommit(() => this.logger.warn({ pageId: page.id, failed: failed.map((d) => d.channel), statuses: failed.map((d) => d.status) }, 'cell page not delivered on every channel'));
      work.publish({ eventId: page.eventId, type: 'cell.changed', data: { pageId: page.id, action: 'page_sent' } });
    }
  }
}
