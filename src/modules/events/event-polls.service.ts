import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ReadCoalescer } from '../../common/read-coalescer';
import { LiveEventsService } from '../live/live-events.service';
import type { EventView } from './event-view';
import { EventsService } from './events.service';

type Commitments = Awaited<ReturnType<EventsService['commitmentsOf']>>;

/**
 * What the consoles poll of an event (the event, its clocks): reads of one
 * event that arrive while one runs share its query (see ReadCoalescer). Every
 * change of an event's decisions or facts is published on the live bus after
 * commit; from then on, reads start a query of their own.
 */
@Injectable()
export class EventPollsService implements OnModuleDestroy {
  private readonly events = new ReadCoalescer<EventView>();
  private readonly commitments = new ReadCoalescer<Commitments>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly service: EventsService,
    live: LiveEventsService,
  ) {
    this.unsubscribe = live.subscribe((e) => {
      this.events.invalidate(e.eventId);
      this.commitments.invalidate(e.eventId);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  /** GET /api/events/:id, and the 404 of the reads that name an event. */
  event(id: string): Promise<EventView> {
    return this.events.read(id, () => this.service.get(id));
  }

  /** GET /api/events/:id/commitments. */
  commitmentsOf(id: string): Promise<Commitments> {
    return this.commitments.read(id, () => this.service.commitmentsOf(id));
  }
}
