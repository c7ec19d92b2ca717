import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { PROGRESS_INTERVAL_MS, progressInterval } from '../../domain/delivery/progress-interval.policy';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { DeliveryProgressPolls } from './delivery-progress-polls.service';
import { DeliveryProgressStore } from './delivery-progress.store';

/** Whose deliveries: a message's or an exercise inject's. */
export interface Sender {
  column: 'message_id' | 'inject_id';
  id: string;
}

interface Pending {
  sender: Sender;
  eventId: string;
  timer: NodeJS.Timeout | null;
  /** A count is being read; `dirty`: a change committed since it started, which it may not see. */
  reading: boolean;
  dirty: boolean;
  /** When the next count may start (progressInterval). */
  nextAt: number;
}

/**
 * The console's progress bars for a message or an inject, coalesced: the worker records a
 * batch every few milliseconds at full speed, and counting a message's
 * deliveries after each (a scan of all its rows, 35,000 at national scale)
 * made the counts cost more than the sends. A change after commit asks for a
 * count; the first goes out at once, later ones after an interval that grows
 * with what the last count cost (progressInterval). One count per sender at a
 * time, each started after the changes it covers have committed, so the last
 * one published is the final state.
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
    const p = this.pending.get(sender.id) ?? { sender, eventId, timer: null, reading: false, dirty: false, nextAt: 0 };
    this.pending.set(sender.id, p);
    // A count already waiting covers this change; one being read may not, and the next is scheduled when it ends.
    if (p.reading) p.dirty = true;
    else if (!p.timer) this.schedule(p);
  }

  onModuleDestroy(): void {
    for (const p of this.pending.values()) if (p.timer) clearTimeout(p.timer);
    this.pending.clear();
  }

  private schedule(p: Pending): void {
    p.timer = setTimeout(() => void this.flush(p), Math.max(0, p.nextAt - Date.now()));
    p.timer.unref();
  }

  private async flush(p: Pending): Promise<void> {
    const { column, id } = p.sender;
    p.timer = null;
    p.reading = true;
    p.dirty = false;
    const startedAt = Date.now();
    try {
      // A read, through the unit of work like every publish: it goes out once the read has committed.
      await this.unitOfWork.run(async (work) => {
        const who = column === 'message_id' ? { messageId: id } : { injectId: id };
        work.publish({ eventId: p.eventId, type: 'delivery.changed', data: { ...who, counts: await this.progress.counts(id, work.manager, column) } });
      });
    } catch (e) {
      this.logger.warn({ err: e, [column === 'message_id' ? 'messageId' : 'injectId']: id }, 'delivery progress could not be read');
    }
    p.reading = false;
    p.nextAt = startedAt + progressInterval(Date.now() - startedAt);
    if (p.dirty && this.pending.get(id) === p) this.schedule(p);
    for (const [key, q] of this.pending) if (!q.timer && !q.reading && Date.now() - q.nextAt > 10 * PROGRESS_INTERVAL_MS) this.pending.delete(key);
  }
}
