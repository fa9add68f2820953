import { HistoryCursor, HistoryQuery } from './history-query';

export type HistoryFilter = Omit<HistoryQuery, 'cursor' | 'limit' | 'format'>;

/** The columns of a history item; submitted_at also as exact text, for the cursor. */
const COLUMNS = `filing_id, docflow_id, subscriber_id, file_id, form_code, tax_office_code, taxpayer_inn,
  taxpayer_kpp, period, report_year, status, overdue, submitted_at, updated_at,
  to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at`;

/**
 * One page of the history as parameterised SQL: filters by equality on indexed columns, keyset
 * pagination on (submitted_at, filing_id) descending (a row comparison PostgreSQL answers from
 * the index, unlike OFFSET), one row more than asked to know whether a next page exists.
 */
export function historyPageSql(
  filter: HistoryFilter,
  cursor: HistoryCursor | undefined,
  limit: number,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  add((p) => `tax_office_code = ${p}`, filter.taxOfficeCode);
  if (filter.inn !== undefined) add((p) => `taxpayer_inn = ${p}`, filter.inn);
  if (filter.kpp !== undefined) add((p) => `taxpayer_kpp = ${p}`, filter.kpp);
  if (filter.knd !== undefined) add((p) => `form_code = ${p}`, filter.knd);
  if (filter.year !== undefined) add((p) => `report_year = ${p}`, filter.year);
  if (filter.period !== undefined) add((p) => `period = ${p}`, filter.period);
  if (filter.status !== undefined) add((p) => `status = ${p}`, filter.status);
  if (filter.from !== undefined) add((p) => `submitted_at >= ${p}`, filter.from);
  if (filter.to !== undefined) add((p) => `submitted_at < ${p}`, filter.to);
  if (cursor !== undefined) {
    params.push(cursor.submittedAt, cursor.filingId);
    where.push(`(submitted_at, filing_id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(limit + 1);
  return {
    sql: `SELECT ${COLUMNS} FROM gateway.filings WHERE ${where.join(' AND ')}
      ORDER BY submitted_at DESC, filing_id DESC LIMIT $${params.length}`,
    params,
  };
}

/** A row as PostgreSQL returns it for historyPageSql. */
export interface HistoryRow {
  filing_id: string;
  docflow_id: string;
  subscriber_id: string;
  file_id: string | null;
  form_code: string | null;
  tax_office_code: string | null;
  taxpayer_inn: string | null;
  taxpayer_kpp: string | null;
  period: string | null;
  report_year: number | null;
  status: string;
  overdue: boolean;
  submitted_at: Date;
  updated_at: Date;
  cursor_at: string;
}
