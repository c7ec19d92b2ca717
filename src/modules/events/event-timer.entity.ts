import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { CommitmentKey } from '../../domain/events/commitment-clocks';
import type { TimerKind } from '../../domain/events/deadline-plan';
import { EventEntity } from './event.entity';

/**
 * A warning or a deadline, as a row: in-memory timers are only a way to fire it
 * on time. Whoever sets `fired_at` first (a conditional UPDATE) fires it; every
 * other instance finds it fired.
 */
@Entity({ name: 'event_timers' })
@Index(['eventId', 'commitmentKey', 'kind', 'leadMinutes', 'fireAt'], { unique: true })
@Index('IDX_event_timers_unfired', ['fireAt'], { where: 'fired_at IS NULL' })
export class EventTimerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne(() => EventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event: EventEntity;

  @Column({ name: 'commitment_key', type: 'text' })
  commitmentKey: CommitmentKey;

  @Column({ type: 'text' })
  kind: TimerKind;

  @Column({ name: 'lead_minutes', type: 'int' })
  leadMinutes: number;

  @Column({ name: 'fire_at', type: 'timestamptz' })
  fireAt: Date;

  @Column({ name: 'fired_at', type: 'timestamptz', nullable: true })
  firedAt: Date | null;

  /** Fired more than a second after fire_at (the app was stopped, or only the sweep caught it). */
  @Column({ type: 'boolean', nullable: true })
  late: boolean | null;

  /** `notified`, or why it no longer applied (`already_met`, `superseded`…). */
  @Column({ type: 'text', nullable: true })
  outcome: string | null;
}
