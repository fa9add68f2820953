import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A line of the events feed: a filing event with its filing's keys. */
export interface FeedRow {
  feed_seq: string;
  filing_id: string;
  status: string;
  progress: string | null;
  outcome: string | null;
  at: Date;
  detail: Record<string, string> | null;
  subscriber_id: string;
  file_id: string | null;
  form_code: string | null;
  tax_office_code: string | null;
}

/** Whose events a page may show: all, a client's subscribers, or an inspector's tax offices. */
export type FeedScope = { subscriberIds: string[] } | { taxOfficeCodes: string[] } | 'all';

/** The events feed's positions on filing_events (feed_seq, see feed-sequencer.ts). */
@Injectable()
export class EventsFeedRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** False before the connection is up and after it is closed. */
  get ready(): boolean {
    return this.dataSource.isInitialized;
  }

  /** The highest feed position assigned so far. */
  async horizon(): Promise<string> {
    const [horizonRow] = (await this.dataSource.query(
      'SELECT coalesce(max(feed_seq), 0)::text AS horizon FROM gateway.filing_events',
    )) as Array<{ horizon: string }>;
    return horizonRow?.horizon ?? '0';
  }

  /** Up to `limit` lines after `after` and at most at `horizon`, in feed order. */
  rows(after: string, horizon: string, limit: number, scope: FeedScope): Promise<FeedRow[]> {
    const condition =
      scope === 'all'
        ? 'AND $4::text[] IS NOT NULL'
        : 'subscriberIds' in scope
          ? 'AND f.subscriber_id = ANY($4)'
          : 'AND f.tax_office_code = ANY($4)';
    const values =
      scope === 'all' ? [] : 'subscriberIds' in scope ? scope.subscriberIds : scope.taxOfficeCodes;
    return this.dataSource.query(
      `SELECT e.feed_seq::text AS feed_seq, e.filing_id, e.status, e.progress, e.outcome, e.at, e.detail,
            f.subscriber_id, f.file_id, f.form_code, f.tax_office_code
       FROM gateway.filing_events e JOIN gateway.filings f ON f.filing_id = e.filing_id
      WHERE e.feed_seq > $1 AND e.feed_seq <= $2 ${condition}
      ORDER BY e.feed_seq LIMIT $3`,
      [after, horizon, limit, values],
    );
  }

  /**
   * Numbers up to `batch` committed events that have no feed position yet, continuing from the
   * highest one, under a transaction-scoped advisory lock (`lockKey`) so one writer numbers at a
   * time. Resolves with the rows numbered: 0 when another writer holds the lock.
   */
  numberPending(lockKey: number, batch: number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [lock] = (await manager.query('SELECT pg_try_advisory_xact_lock($1) AS held', [
        lockKey,
      ])) as Array<{
        held: boolean;
      }>;
      if (!lock?.held) return 0;
      const result = (await manager.query(
        `WITH base AS (SELECT coalesce(max(feed_seq), 0) AS b FROM gateway.filing_events),
                pending AS (SELECT seq, row_number() OVER (ORDER BY seq) AS n
                              FROM gateway.filing_events WHERE feed_seq IS NULL ORDER BY seq LIMIT ${batch})
           UPDATE gateway.filing_events e SET feed_seq = base.b + pending.n
             FROM pending, base WHERE e.seq = pending.seq`,
      )) as [unknown, number];
      return result[1];
    });
  }
}
