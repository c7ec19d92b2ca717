import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ContactKind } from '../../domain/contacts/contact-kinds';

/**
 * Someone the prefecture writes to. The natural key is who, in what role, at
 * which body: (kind, name, organisation, commune). "Rédaction" is the name of
 * many newsrooms, told apart by their organisation; a mayor is the mayor of a
 * commune. A re-import of the same contact updates their addresses instead of
 * adding a second row. The email is not the key: many contacts only have a
 * mobile, and a town hall keeps its address when the mayor changes.
 */
@Entity({ name: 'contacts' })
@Check('CHK_contacts_email_or_mobile', `"email" IS NOT NULL OR "mobile" IS NOT NULL`)
@Check('CHK_contacts_mobile_e164', `"mobile" IS NULL OR "mobile" ~ '^\\+[1-9][0-9]{6,14}$'`)
// UNIQUE (kind, name, organisation, commune_insee) NULLS NOT DISTINCT, created by hand in the migration: an MP has no
// commune, and TypeORM can neither express NULLS NOT DISTINCT nor leave an index it does not know alone.
@Index('UQ_contacts_natural_key', { synchronize: false })
@Index('IDX_contacts_commune', ['communeInsee'])
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: ContactKind;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  organisation: string | null;

  @Column({ name: 'commune_insee', type: 'text', nullable: true })
  communeInsee: string | null;

  /** Lower case. */
  @Column({ type: 'text', nullable: true })
  email: string | null;

  /** E.164, e.g. +33639980001. */
  @Column({ type: 'text', nullable: true })
  mobile: string | null;

  @Column({ name: 'exercise_participant', type: 'boolean', default: false })
  exerciseParticipant: boolean;

  /** False once deleted: deliveries already recorded keep pointing at the contact. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
