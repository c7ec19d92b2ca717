import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One entry of the append-only, hash-chained audit log. `seq` is assigned under
 * a lock (not a sequence) so the numbering has no gaps: a gap means a deletion.
 * A trigger (see the migration) refuses UPDATE, DELETE and TRUNCATE.
 */
@Entity({ name: 'audit_log' })
@Index(['subjectType', 'subjectId'])
@Index(['at'])
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  seq: number;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'subject_type', type: 'text', nullable: true })
  subjectType: string | null;

  @Column({ name: 'subject_id', type: 'text', nullable: true })
  subjectId: string | null;

  @Column({ type: 'jsonb' })
  payload: unknown;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash: string;

  @Index({ unique: true })
  @Column({ type: 'text' })
  hash: string;
}
