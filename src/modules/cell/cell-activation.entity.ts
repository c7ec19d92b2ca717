import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One call of the cell for an event. What the pages say about the event is
 * kept here as it was at the call, so that sending and escalating never need
 * to read the events module's tables.
 */
@Entity({ name: 'cell_activations' })
@Index(['eventId'])
export class CellActivationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  // The events module's table, named not imported: a foreign key in the schema, no relation across modules.
  @ForeignKey('events', { onDelete: 'CASCADE' })
  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'called_at', type: 'timestamptz' })
  calledAt: Date;

  @Column({ name: 'called_by', type: 'text' })
  calledBy: string;

  @Column({ name: 'event_title', type: 'text' })
  eventTitle: string;

  @Column({ name: 'event_kind_label', type: 'text' })
  eventKindLabel: string;

  @Column({ type: 'boolean' })
  exercise: boolean;

  /** Roles that had nobody on call at the call: shown to the caller, kept as evidence. */
  @Column({ name: 'uncovered_roles', type: 'text', array: true, default: () => "'{}'" })
  uncoveredRoles: string[];
}
