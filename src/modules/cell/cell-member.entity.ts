import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A person of the emergency communication cell, reachable by email and SMS. Not necessarily a user. */
@Entity({ name: 'cell_members' })
export class CellMemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** Their usual cell role; rotations may put them in others. */
  @Column({ type: 'text' })
  role: string;

  @Column({ type: 'text' })
  email: string;

  /** Mobile number, E.164. */
  @Column({ type: 'text' })
  phone: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
