import { Injectable } from '@nestjs/common';
import { MessageReadsStore } from './message-reads.store';

/** What the other modules read of the messages (the public page shows the facts and instructions of the approved message). */
@Injectable()
export class MessageReadsService {
  constructor(private readonly store: MessageReadsStore) {}

  /** By message id: its approved variables and when it was drafted. */
  async variablesOf(ids: string[]): Promise<Map<string, { variables: Record<string, unknown>; draftedAt: Date }>> {
    const rows = ids.length ? await this.store.variablesOf([...new Set(ids)]) : [];
    return new Map(rows.map((r) => [r.id, { variables: r.variables ?? {}, draftedAt: new Date(r.created_at) }]));
  }
}
