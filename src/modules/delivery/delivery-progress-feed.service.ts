import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { DeliveryProgressPolls } from './delivery-progress-polls.service';
import { DeliveryProgressStore } from './delivery-progress.store';

/** At most one `delivery.changed` with counts per sender (a message or an inject) in this window. */
export const PROGRESS_INTERVAL_MS = 250;

/** Whose deliveries: a message's or an exercise inject's. */
export interface Sender {
  column: 'message_id' | 'inject_id';
  id: string;
}

interface Pending {
  sender: Sender;
  eventId: string;
  timer: NodeJS.Timeout | null;
  lastAt: number;
}

/**
 * The console's progress bars for a message or an inject, coalesced: the worker records a
 * batch every few milliseconds at full speed, and counting a message's
 * deliveries after each (a scan of all its rows, 35,000 at national scale)
 * made the counts cost more than the sends. A change after commit asks for a
 * count; the first goes out at once, later ones at most once per
 * PROGRESS_INTERVAL_MS, each read after the changes it covers have committed,
 * so the last one published is the final state.
 */
@Injectable()
export class DeliveryProgressFeed implements OnModuleDestroy {
  private readonly logger = new Logger(DeliveryProgressFeed.name);
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly progress: DeliveryProgressStore,
    private readonly unitOfWork: UnitOfWork,
    private readonly polls: DeliveryProgressPolls,
  ) {}

  /** Call after commit: the counts of this sender changed. */
  changed(sender: Sender, eventId: string): void {
    this.polls.changed(eventId);
    const p = this.pending.get(sender.id) ?? { sender, eventId, timer: null, lastAt: 0 };
    this.pending.set(sender.id, p);
    // A flush already waiting reads the counts when it runs: it covers this change too.
    if (p.timer) return;
    p.timer = setTimeout(() => void this.flush(p), Math.max(0, p.lastAt + PROGRESS_INTERVAL_MS - Date.now()));
    p.timer.unref();
  }

  onModuleDestroy(): void {
    for (const p of this.pending.values()) if (p.timer) clearTimeout(p.timer);
    this.pending.clear();
  }

  private async flush(p: Pending): Promise<void> {
    const { column, id } = p.sender;
    // Cleared before the read: a change committed while it runs schedules the next one.
    p.timer = null;
    p.lastAt = Date.now();
    try {
      // A read, through the unit of work like every publish: it goes out once the read has committed.
      await this.unitOfWork.run(async (work) => {
        const who = column === 'message_id' ? { messageId: id } : { injectId: id };
        work.publish({ eventId: p.eventId, type: 'delivery.changed', data: { ...who, counts: await this.progress.counts(id, work.manager, column) } });
      });
    } catch (e) {
      this.logger.warn({ err: e, [column === 'message_id' ? 'messageId' : 'injectId']: id }, 'delivery progress could not be read');
    }
    for (const [id, q] of this.pending) if (!q.timer && Date.now() - q.lastAt > 10 * PROGRESS_INTERVAL_MS) this.pending.delete(id);
  }
}
