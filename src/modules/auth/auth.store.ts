import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '../../access';
import { databaseNow } from '../../database/db-clock';

/** Failed logins of one user name or address within the window, and how long until the oldest counted one leaves it. */
export interface RecentFailures {
  by_user: number;
  by_address: number;
  last_at: Date | null;
  wait_minutes: number | null;
}

/** A live session and its user, as SQL gives them back. */
export interface SessionUserRow {
  session_id: string;
  id: string;
  username: string;
  display_name: string;
  role: Role;
  /** How long the session still holds, on the database clock. */
  ms_left: number;
}

/**
 * The SQL of sessions and login_failures. A session holds while its user is
 * active: the checks read the users row it names in its foreign key, in the
 * same statement, so that a deactivation counts from the next request.
 */
@Injectable()
export class AuthStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The database's clock, outside any transaction. */
  now(): Promise<Date> {
    return databaseNow(this.dataSource.manager);
  }

  /** When a session opened now ends, on the database clock. */
  async expiryIn(m: EntityManager, hours: number): Promise<Date> {
    const [{ expires }] = await m.query(`SELECT clock_timestamp() + make_interval(hours => $1) AS expires`, [hours]);
    return new Date(expires);
  }

  async clearFailures(m: EntityManager, username: string): Promise<void> {
    await m.query('DELETE FROM login_failures WHERE username = $1', [username]);
  }

  async recentFailures(username: string, address: string, windowMinutes: number): Promise<RecentFailures> {
    const [row] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE username = $1)::int AS by_user,
              count(*) FILTER (WHERE address = $2)::int AS by_address,
              max(at) AS last_at,
              ceil(extract(epoch FROM (max(at) + make_interval(mins => $3) - clock_timestamp())) / 60)::int AS wait_minutes
         FROM login_failures
        WHERE (username = $1 OR address = $2) AND at > clock_timestamp() - make_interval(mins => $3)`,
      [username, address, windowMinutes],
    );
    return row;
  }

  async sessionUser(tokenHash: string): Promise<SessionUserRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT s.id AS session_id, u.id, u.username, u.display_name, u.role,
              (EXTRACT(EPOCH FROM s.expires_at - clock_timestamp()) * 1000)::float8 AS ms_left
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > clock_timestamp() AND u.active`,
      [tokenHash],
    );
    return row ?? null;
  }

  async validSessionIds(sessionIds: string[]): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = ANY($1::uuid[]) AND s.revoked_at IS NULL AND s.expires_at > clock_timestamp() AND u.active`,
      [sessionIds],
    );
    return rows.map((r) => r.id);
  }

  /** Ends the session; how it was opened, and a federated one's ID token (for the provider's logout), or null if it had ended. */
  async revoke(m: EntityManager, sessionId: string): Promise<{ method: 'password' | 'oidc'; id_token: string | null } | null> {
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
    const [row] = await m.query('WITH ended AS (UPDATE sessions SET revoked_at = clock_timestamp() WHERE id = $1 AND revoked_at IS NULL RETURNING method, id_token) SELECT * FROM ended', [sessionId]);
    return row ?? null;
  }

  /** Every open session of the user (a new password, a deactivation). */
  async revokeAllOf(m: EntityManager, userId: string): Promise<void> {
    await m.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
  }
}
