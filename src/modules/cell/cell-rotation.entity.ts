import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who holds a cell role, in turn, from a Paris wall-clock start (src/domain/cell/rotation.policy.ts). */
@Entity({ name: 'cell_rotations' })
@Index(['role'])
export class CellRotationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  role: string;

  /** `YYYY-MM-DDTHH:mm`, Europe/Paris wall clock: handovers stay at that local time all year. */
  @Column({ name: 'start_local', type: 'text' })
  startLocal: string;

  @Column({ name: 'shift_hours', type: 'int', default: 168 })
  shiftHours: number;

  @Column({ name: 'member_ids', type: 'uuid', array: true })
  memberIds: string[];

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
