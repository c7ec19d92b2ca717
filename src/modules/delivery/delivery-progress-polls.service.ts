import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ReadCoalescer } from '../../common/read-coalescer';
import { LiveEventsService } from '../live/live-events.service';

/**
 * An event's delivery progress as the consoles poll it: reads of one event
 * that arrive while one runs share its answer (fifty consoles polling during a
 * dispatch asked the same count fifty times, queued in the pool ahead of the
 * worker's own statements); none shares a query started before a change this
 * process committed (see ReadCoalescer): a change published on the live bus
 * (a dispatch, a receipt) or recorded by the worker (DeliveryProgressFeed).
 */
@Injectable()
export class DeliveryProgressPolls implements OnModuleDestroy {
  private readonly reads = new ReadCoalescer<unknown>();
  private readonly unsubscribe: () => void;

  constructor(live: LiveEventsService) {
    this.unsubscribe = live.subscribe((e) => {
      if (e.type === 'delivery.changed') this.reads.invalidate(e.eventId);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  read<T>(eventId: string, query: () => Promise<T>): Promise<T> {
    return this.reads.read(eventId, query) as Promise<T>;
  }

  /** After commit: the deliveries of this event changed. */
  changed(eventId: string): void {
    this.reads.invalidate(eventId);
  }
}
