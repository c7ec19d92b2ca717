import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One failed login, counted per user name and per address for the rate limit. */
@Entity({ name: 'login_failures' })
@Index(['username', 'at'])
@Index(['address', 'at'])
export class LoginFailureEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  username: string;

  @Column({ type: 'text' })
  address: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}
