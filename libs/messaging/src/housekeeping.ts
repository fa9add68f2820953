import { DataSource } from 'typeorm';

export interface HousekeepingOptions {
  /** Published outbox rows are kept this long for diagnosis, then deleted. */
  outboxRetentionMs?: number;
  /**
   * Inbox ids must outlive every possible redelivery: the topics keep events 14 days
   * (libs/contracts/src/topics.ts), so ids are kept a day longer.
   */
  inboxRetentionMs?: number;
}

const DAY = 24 * 3600 * 1000;

/** Deletes what the outbox and inbox no longer need, so neither table grows for ever. */
export async function pruneMessagingTables(
  dataSource: DataSource,
  options: HousekeepingOptions = {},
): Promise<void> {
  const schema = (dataSource.options as { schema?: string }).schema ?? 'public';
  const outboxMs = options.outboxRetentionMs ?? DAY;
  const inboxMs = options.inboxRetentionMs ?? 15 * DAY;
  await dataSource.query(
    `DELETE FROM "${schema}".outbox WHERE published_at < now() - make_interval(secs => $1::double precision)`,
    [outboxMs / 1000],
  );
  await dataSource.query(
    `DELETE FROM "${schema}".inbox WHERE processed_at < now() - make_interval(secs => $1::double precision)`,
    [inboxMs / 1000],
  );
}
