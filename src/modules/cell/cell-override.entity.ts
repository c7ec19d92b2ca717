import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CellMemberEntity } from './cell-member.entity';

/** A swap (someone takes a role) or a leave (someone is away) over [from, to). */
@Entity({ name: 'cell_overrides' })
@Index(['toAt'])
export class CellOverrideEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: 'swap' | 'leave';

  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ManyToOne(() => CellMemberEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member: CellMemberEntity;

  /** The role taken over by a swap; null for a leave. */
  @Column({ type: 'text', nullable: true })
  role: string | null;

  @Column({ name: 'from_at', type: 'timestamptz' })
  fromAt: Date;

  @Column({ name: 'to_at', type: 'timestamptz' })
  toAt: Date;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
