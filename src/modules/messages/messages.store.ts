import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MessageEntity } from './message.entity';

/** The messages table for the messages module's own services. `m`: the caller's transaction, else the default connection. */
@Injectable()
export class MessagesStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The event's messages, newest first. */
  ofEvent(eventId: string): Promise<MessageEntity[]> {
    return this.dataSource.getRepository(MessageEntity).find({ where: { eventId }, order: { createdAt: 'DESC' } });
  }

  exists(id: string): Promise<boolean> {
    return this.dataSource.getRepository(MessageEntity).existsBy({ id });
  }

  /** `lock` takes the row FOR UPDATE (inside a transaction). */
  find(id: string, lock: boolean, m: EntityManager = this.dataSource.manager): Promise<MessageEntity | null> {
    return m.findOne(MessageEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }
}
