import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { HistoryCursor } from './history-query';
import { HistoryFilter, historyPageSql, HistoryRow } from './history-sql';

/** The inspectors' history of filings: runs the statements history-sql.ts writes. */
@Injectable()
export class HistoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Up to `limit` + 1 rows after the cursor: the extra row says whether there is a next page. */
  page(filter: HistoryFilter, cursor: HistoryCursor | undefined, limit: number): Promise<HistoryRow[]> {
    const { sql, params } = historyPageSql(filter, cursor, limit);
    return this.dataSource.query(sql, params);
  }
}
