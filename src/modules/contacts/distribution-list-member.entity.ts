import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ContactEntity } from './contact.entity';
import { DistributionListEntity } from './distribution-list.entity';

/** Membership of a static list. */
@Entity({ name: 'distribution_list_members' })
// The key starts with the list; this finds the lists of a contact.
@Index(['contactId'])
export class DistributionListMemberEntity {
  @PrimaryColumn({ name: 'list_id', type: 'uuid' })
  listId: string;

  @PrimaryColumn({ name: 'contact_id', type: 'uuid' })
  contactId: string;

  @ManyToOne(() => DistributionListEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'list_id' })
  list: DistributionListEntity;

  @ManyToOne(() => ContactEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact: ContactEntity;
}
