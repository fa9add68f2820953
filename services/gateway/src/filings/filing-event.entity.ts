import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { FilingStatus } from './filing.entity';

/** One line of a filing's timeline. */
@Entity({ name: 'filing_events' })
export class FilingEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  seq!: string;

  @Column({ name: 'filing_id', type: 'uuid' })
  filingId!: string;

  @Column('text')
  status!: FilingStatus;

  @Column('timestamptz')
  at!: Date;

  @Column({ type: 'jsonb', nullable: true })
  detail!: Record<string, string> | null;
}
