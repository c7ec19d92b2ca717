import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

export type LiveEventType = 'clock.changed' | 'clock.warning' | 'clock.missed' | 'timeline.appended' | 'event.changed' | 'delivery.changed' | 'cell.changed';

export interface LiveEvent {
  eventId: string;
  type: LiveEventType;
  data: Record<string, unknown>;
}

/**
 * The in-process bus for what the console shows live. Publish only after the
 * transaction has committed: a browser must never see a change that rolled back.
 * The socket.io gateway relays it to the rooms of each major event.
 */
@Injectable()
export class LiveEventsService {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(event: LiveEvent): void {
    this.emitter.emit('live', event);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.emitter.on('live', listener);
    return () => this.emitter.off('live', listener);
  }
}
