import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Keys the cell generates for itself when none is configured (the acknowledgement link key). */
@Entity({ name: 'cell_secrets' })
export class CellSecretEntity {
  @PrimaryColumn({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  value: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
