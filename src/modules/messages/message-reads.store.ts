import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Reads of the messages table for the other modules (the public page). */
@Injectable()
export class MessageReadsStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The approved variables (facts, instructions, next update…) and the draft time of these messages. */
  variablesOf(ids: string[]): Promise<{ id: string; variables: Record<string, unknown>; created_at: Date }[]> {
    return this.dataSource.query('SELECT id, variables, created_at FROM messages WHERE id = ANY($1::uuid[])', [ids]);
  }
}
