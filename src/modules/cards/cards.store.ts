import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface CardFactsRow {
  title: string;
  kind: string;
  exercise: boolean;
  /** When the bulletin's public contents were frozen: its dispatch, on the database clock. */
  at: Date;
}

/**
 * What a card shows, read by name from the tables that hold it: the event (title, kind) and the
 * bulletin's frozen public contents (exercise, dispatch time). Only a bulletin dispatched to a
 * public channel has a card: a draft's facts are nobody's business yet.
 */
@Injectable()
export class CardsStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async factsOf(messageId: string, publicChannels: readonly string[]): Promise<CardFactsRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT e.title, e.kind, bool_or(c.exercise) AS exercise, min(c.created_at) AS at
         FROM delivery_contents c JOIN events e ON e.id = c.event_id
        WHERE c.message_id = $1 AND c.channel = ANY($2::text[])
        GROUP BY e.title, e.kind`,
      [messageId, publicChannels],
    );
    return row ? { title: row.title, kind: row.kind, exercise: row.exercise, at: new Date(row.at) } : null;
  }
}
