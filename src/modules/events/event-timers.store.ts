import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { databaseNow } from '../../database/db-clock';
import { updateReturning } from '../../database/sql';
import type { CommitmentKey } from '../../domain/events/commitment-clocks';
import type { TimerKind } from '../../domain/events/deadline-plan';
import { EventTimerEntity } from './event-timer.entity';

/** A timer row just claimed by this process (fired_at set by its conditional UPDATE). */
export interface ClaimedTimer {
  id: string;
  event_id: string;
  commitment_key: CommitmentKey;
  kind: 'warning' | 'deadline';
  lead_minutes: number;
  fire_at: Date;
  fired_at: Date;
}

export interface PlannedTimerRow {
  eventId: string;
  commitmentKey: CommitmentKey;
  kind: TimerKind;
  leadMinutes: number;
  fireAt: Date;
}

/** The SQL of event_timers: the rows are the truth of every warning and deadline. */
@Injectable()
export class EventTimersStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inside the caller's transaction; a timer already planned (same event, clock, kind, lead, time) is not written twice. */
  async insertPlanned(m: EntityManager, rows: PlannedTimerRow[]): Promise<{ id: string; fireAt: Date }[]> {
    const result = await m.createQueryBuilder().insert().into(EventTimerEntity).values(rows).orIgnore().returning(['id', 'fireAt']).execute();
    return result.raw.map((r: { id: string; fire_at: Date }) => ({ id: r.id, fireAt: new Date(r.fire_at) }));
  }

  /** Every unfired timer. */
  async unfired(): Promise<{ id: string; fireAt: Date }[]> {
    const rows: { id: string; fire_at: Date }[] = await this.dataSource.query('SELECT id, fire_at FROM event_timers WHERE fired_at IS NULL');
    return rows.map((r) => ({ id: r.id, fireAt: new Date(r.fire_at) }));
  }

  /** Unfired timers due within `seconds` of the database clock. */
  async unfiredDueWithin(seconds: number): Promise<{ id: string; fireAt: Date }[]> {
    const rows: { id: string; fire_at: Date }[] = await this.dataSource.query(
      `SELECT id, fire_at FROM event_timers WHERE fired_at IS NULL AND fire_at <= clock_timestamp() + make_interval(secs => $1)`,
      [seconds],
    );
    return rows.map((r) => ({ id: r.id, fireAt: new Date(r.fire_at) }));
  }

  /** The timer if it is still unfired. */
  async unfiredOne(timerId: string): Promise<{ id: string; fireAt: Date } | null> {
    const [row] = await this.dataSource.query('SELECT id, fire_at FROM event_timers WHERE id = $1 AND fired_at IS NULL', [timerId]);
    return row ? { id: row.id, fireAt: new Date(row.fire_at) } : null;
  }

  /**
   * Claims the timer if nobody has and it is due on the database clock: the
   * conditional UPDATE is the decision, so two instances never both fire it.
   */
  async claim(m: EntityManager, timerId: string): Promise<ClaimedTimer | null> {
    const [t] = await updateReturning<ClaimedTimer>(
      m,
      `UPDATE event_timers SET fired_at = clock_timestamp()
        WHERE id = $1 AND fired_at IS NULL AND fire_at <= clock_timestamp()
        RETURNING id, event_id, commitment_key, kind, lead_minutes, fire_at, fired_at`,
      [timerId],
    );
    return t ?? null;
  }

  /** The database clock, on the default connection. */
  now(): Promise<Date> {
    return databaseNow(this.dataSource.manager);
  }
}
