import { EventEnvelope } from '@tks/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An event waiting to leave the service. It is written in the same transaction as the state change
 * that caused it, so a crash can delay an event but never lose or invent one.
 */
@Entity({ name: 'outbox' })
@Index('outbox_unpublished', ['seq'], { where: 'published_at IS NULL' })
export class OutboxMessage {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'bigint', generated: 'increment', insert: false, update: false })
  seq!: string;

  @Column('text')
  topic!: string;

  @Column('text')
  key!: string;

  /** The whole envelope as it goes on the wire. */
  @Column('jsonb')
  envelope!: EventEnvelope<unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
