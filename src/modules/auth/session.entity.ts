import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A login session. Only the SHA-256 of the token is kept: a database leak yields no usable session. */
@Entity({ name: 'sessions' })
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  // The users module's table, named not imported: a foreign key in the schema, no relation across modules.
  @ForeignKey('users', { onDelete: 'CASCADE' })
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  /** How the person proved who they are: `password` (local account) or `oidc` (the identity federation). */
  @Column({ type: 'text', default: 'password' })
  method: 'password' | 'oidc';

  /**
   * The provider's ID token of an `oidc` session, kept only to name the session
   * at the provider's logout (`id_token_hint`); never returned or logged.
   */
  @Column({ name: 'id_token', type: 'text', nullable: true, select: false })
  idToken: string | null;
}
