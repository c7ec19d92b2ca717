import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One calendar token per user: only its SHA-256 is kept; a new one replaces (revokes) the old. */
@Entity({ name: 'exercise_calendar_tokens' })
export class CalendarTokenEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'token_hash', type: 'text', unique: true })
  tokenHash: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}
