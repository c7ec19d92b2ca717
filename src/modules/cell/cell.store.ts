import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import { databaseNow } from '../../database/db-clock';
import { updateReturning } from '../../database/sql';
import { CellActivationEntity } from './cell-activation.entity';
import { CellMemberEntity } from './cell-member.entity';
import { CellOverrideEntity } from './cell-override.entity';
import { CellPageEntity } from './cell-page.entity';
import { CellRotationEntity } from './cell-rotation.entity';

/** The columns of a page that both an acknowledgement and an escalation claim return. */
interface PageRow {
  id: string;
  activation_id: string;
  event_id: string;
  member_id: string;
  member_name: string;
  role: string;
  round: number;
  paged_at: Date;
}

/** A page just acknowledged, as the UPDATE returns it. */
export interface AckedRow extends PageRow {
  acked_at: Date;
  acked_via: 'link' | 'console';
  acked_by: string;
}

/** A page whose escalation this instance claimed. */
export interface ClaimedPage extends PageRow {
  chain: string[];
}

const ACKED_COLUMNS = 'id, activation_id, event_id, member_id, member_name, role, round, paged_at, acked_at, acked_via, acked_by';

/**
 * The SQL of the cell's tables (members, rotations, overrides, activations,
 * pages, the link key). `m`: the caller's unit of work, when inside one.
 */
@Injectable()
export class CellStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  now(): Promise<Date> {
    return databaseNow(this.dataSource.manager);
  }

  /** The secret under `name`; `candidate` is stored first if none is (two instances starting together: the first insert wins). */
  async secret(name: string, candidate: string): Promise<string> {
    await this.dataSource.query('INSERT INTO cell_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, candidate]);
    const [row] = await this.dataSource.query('SELECT value FROM cell_secrets WHERE name = $1', [name]);
    return String(row.value);
  }

  // --- acknowledgements

  /** The link is used and the page acknowledged, if neither was yet. */
  async ackByLink(m: EntityManager, pageId: string): Promise<AckedRow | undefined> {
    const [row] = await updateReturning<AckedRow>(
      m,
      `UPDATE cell_pages SET link_used_at = clock_timestamp(), acked_at = clock_timestamp(), acked_via = 'link', acked_by = member_name
        WHERE id = $1 AND link_used_at IS NULL AND acked_at IS NULL
        RETURNING ${ACKED_COLUMNS}`,
      [pageId],
    );
    return row;
  }

  /** The page of this event is acknowledged by `actor`, if it was not yet. */
  async ackFromConsole(m: EntityManager, pageId: string, eventId: string, actor: string): Promise<AckedRow | undefined> {
    const [row] = await updateReturning<AckedRow>(
      m,
      `UPDATE cell_pages SET acked_at = clock_timestamp(), acked_via = 'console', acked_by = $3
        WHERE id = $1 AND event_id = $2 AND acked_at IS NULL
        RETURNING ${ACKED_COLUMNS}`,
      [pageId, eventId, actor],
    );
    return row;
  }

  /** The role is answered: its pending escalations stop. */
  async stopEscalations(m: EntityManager, activationId: string, role: string): Promise<void> {
    await m.query(
      `UPDATE cell_pages SET escalation_claimed_at = clock_timestamp(), escalation_outcome = 'acknowledged'
        WHERE activation_id = $1 AND role = $2 AND escalation_claimed_at IS NULL`,
      [activationId, role],
    );
  }

  async ackedRoles(m: EntityManager, eventId: string): Promise<string[]> {
    const rows: { role: string }[] = await m.query('SELECT DISTINCT role FROM cell_pages WHERE event_id = $1 AND acked_at IS NOT NULL', [eventId]);
    return rows.map((r) => r.role);
  }

  page(id: string): Promise<CellPageEntity> {
    return this.dataSource.getRepository(CellPageEntity).findOneByOrFail({ id });
  }

  /** The page a link names, with its activation. */
  pageOfJti(jti: string): Promise<CellPageEntity | null> {
    return this.dataSource.getRepository(CellPageEntity).findOne({ where: { ackJti: jti }, relations: { activation: true } });
  }

  // --- escalation

  /** Claims the most overdue escalation (SKIP LOCKED: another instance takes the next one). */
  async claimDueEscalation(m: EntityManager): Promise<ClaimedPage | undefined> {
    const [p] = await updateReturning<ClaimedPage>(
      m,
      `UPDATE cell_pages SET escalation_claimed_at = clock_timestamp()
        WHERE id = (SELECT id FROM cell_pages WHERE escalation_claimed_at IS NULL AND escalate_at <= clock_timestamp()
                     ORDER BY escalate_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, activation_id, event_id, member_id, member_name, role, round, chain, paged_at`,
      [],
    );
    return p;
  }

  async roleAcknowledged(m: EntityManager, activationId: string, role: string): Promise<boolean> {
    return (await m.query('SELECT 1 FROM cell_pages WHERE activation_id = $1 AND role = $2 AND acked_at IS NOT NULL LIMIT 1', [activationId, role])).length > 0;
  }

  async setEscalationOutcome(m: EntityManager, pageId: string, outcome: string): Promise<void> {
    await m.query('UPDATE cell_pages SET escalation_outcome = $2 WHERE id = $1', [pageId, outcome]);
  }

  // --- reads of the panel and of a call

  pagesOfActivation(activationId: string): Promise<CellPageEntity[]> {
    return this.dataSource.getRepository(CellPageEntity).find({ where: { activationId }, order: { role: 'ASC' } });
  }

  pagesOfEvent(eventId: string, m: EntityManager = this.dataSource.manager): Promise<CellPageEntity[]> {
    return m.getRepository(CellPageEntity).find({ where: { eventId }, order: { pagedAt: 'ASC', round: 'ASC' } });
  }

  activationsOfEvent(eventId: string, m: EntityManager = this.dataSource.manager): Promise<CellActivationEntity[]> {
    return m.getRepository(CellActivationEntity).find({ where: { eventId }, order: { calledAt: 'ASC' } });
  }

  // --- the roster

  members(): Promise<CellMemberEntity[]> {
    return this.dataSource.getRepository(CellMemberEntity).find({ order: { role: 'ASC', name: 'ASC' } });
  }

  rotations(): Promise<CellRotationEntity[]> {
    return this.dataSource.getRepository(CellRotationEntity).find({ order: { role: 'ASC', startLocal: 'ASC' } });
  }

  /** Overrides that have not ended at `now`. */
  overridesEndingAfter(now: Date): Promise<CellOverrideEntity[]> {
    return this.dataSource.getRepository(CellOverrideEntity).find({ where: { toAt: MoreThan(now) }, order: { fromAt: 'ASC' } });
  }

  /** What the roster's pure rules read: every member and rotation, and the overrides that end after `since`. */
  async rosterRows(since: Date, m: EntityManager = this.dataSource.manager): Promise<{ members: CellMemberEntity[]; rotations: CellRotationEntity[]; overrides: CellOverrideEntity[] }> {
    const members = await m.find(CellMemberEntity);
    const rotations = await m.find(CellRotationEntity);
    const overrides = await m.find(CellOverrideEntity, { where: { toAt: MoreThan(since) }, order: { createdAt: 'ASC' } });
    return { members, rotations, overrides };
  }
}
