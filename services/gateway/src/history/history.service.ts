import { Injectable } from '@nestjs/common';
import { API_PREFIX } from '../http/configure-http';
import { encodeCursor, HistoryCursor } from './history-query';
import { HistoryFilter, HistoryRow } from './history-sql';
import { HistoryRepository } from './history.repository';

/** One filing in the history, linking to its full docflow (status, timeline, documents). */
export interface HistoryItem {
  filingId: string;
  docflowId: string;
  subscriberId: string;
  fileId: string | null;
  formCode: string | null;
  taxOfficeCode: string | null;
  taxpayerInn: string | null;
  taxpayerKpp: string | null;
  period: string | null;
  reportYear: number | null;
  status: string;
  overdue: boolean;
  submittedAt: string;
  updatedAt: string;
  links: { filing: string };
}

export interface HistoryPage {
  items: HistoryItem[];
  nextCursor: string | null;
}

const toItem = (row: HistoryRow): HistoryItem => ({
  filingId: row.filing_id,
  docflowId: row.docflow_id,
  subscriberId: row.subscriber_id,
  fileId: row.file_id,
  formCode: row.form_code,
  taxOfficeCode: row.tax_office_code,
  taxpayerInn: row.taxpayer_inn,
  taxpayerKpp: row.taxpayer_kpp,
  period: row.period,
  reportYear: row.report_year,
  status: row.status,
  overdue: row.overdue,
  submittedAt: row.submitted_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  links: { filing: `/${API_PREFIX}/filings/${row.filing_id}` },
});

/** The inspectors' history of filings, read from the gateway's own tables. */
@Injectable()
export class HistoryService {
  constructor(private readonly history: HistoryRepository) {}

  async page(filter: HistoryFilter, cursor: HistoryCursor | undefined, limit: number): Promise<HistoryPage> {
    const rows = await this.history.page(filter, cursor, limit);
    const more = rows.length > limit;
    const shown = more ? rows.slice(0, limit) : rows;
    const last = shown[shown.length - 1];
    return {
      items: shown.map(toItem),
      nextCursor:
        more && last ? encodeCursor({ submittedAt: last.cursor_at, filingId: last.filing_id }) : null,
    };
  }

  /** Every matching item, a page at a time: an export never holds the whole result in memory. */
  async *all(filter: HistoryFilter, batch = 1000): AsyncGenerator<HistoryItem> {
    let cursor: HistoryCursor | undefined;
    for (;;) {
      const rows = await this.history.page(filter, cursor, batch);
      for (const row of rows.slice(0, batch)) yield toItem(row);
      const last = rows[Math.min(rows.length, batch) - 1];
      if (rows.length <= batch || !last) return;
      cursor = { submittedAt: last.cursor_at, filingId: last.filing_id };
    }
  }
}
