import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type DistributionListKind = 'static' | 'dynamic';

/**
 * A named set of contacts. A static list has members; a dynamic one has a rule
 * (src/domain/contacts/recipient-rules.ts) evaluated against an event's
 * communes when recipients are resolved, so it is never out of date.
 */
@Entity({ name: 'distribution_lists' })
@Check('CHK_distribution_lists_kind', `("kind" = 'static' AND "rule" IS NULL) OR ("kind" = 'dynamic' AND "rule" IS NOT NULL)`)
export class DistributionListEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'text' })
  kind: DistributionListKind;

  /** For a dynamic list, e.g. {"type":"mayors_of_affected_communes"}; null for a static one. */
  @Column({ type: 'jsonb', nullable: true })
  rule: { type: string } | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
