import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/** Dispatch says "new rows" here; the worker in this process wakes at once instead of waiting for its next poll. */
@Injectable()
export class DeliverySignal {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  wake(): void {
    this.emitter.emit('wake');
  }

  onWake(listener: () => void): () => void {
    this.emitter.on('wake', listener);
    return () => this.emitter.off('wake', listener);
  }
}
