import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { FilingOutcome, FilingProgress } from '../docflow/docflow-state';
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

  /** The filing's progress and outcome after this event; null on lines before issue 9. */
  @Column({ type: 'text', nullable: true })
  progress!: FilingProgress | null;

  @Column({ type: 'text', nullable: true })
  outcome!: FilingOutcome | null;

  @Column({ type: 'jsonb', nullable: true })
  detail!: Record<string, string> | null;

  /**
   * Position in the events feed, assigned after commit by one writer (feed/feed-sequencer.ts):
   * unlike `seq`, its order is the order in which events became visible. Null until assigned.
   */
  @Column({ name: 'feed_seq', type: 'bigint', nullable: true, insert: false })
  feedSeq!: string | null;
}
