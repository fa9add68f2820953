import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Ids of events already applied: a redelivered event finds its id here and changes nothing. */
@Entity({ name: 'inbox' })
export class InboxEntry {
  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('text')
  topic!: string;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt!: Date;
}
