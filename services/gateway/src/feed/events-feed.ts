import { z } from 'zod';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { problem } from '../http/problem';
import { API_PREFIX } from '../http/configure-http';

/**
 * GET /events: status, progress and outcome changes in feed order (feed_seq, see feed-sequencer.ts), scoped to what the
 * caller may read. The cursor is the last feed position the caller has seen.
 *
 * The horizon (the highest position assigned) is read first, then the rows up to it: everything
 * at or below the horizon had committed before, so a page that is not full has seen all rows up
 * to the horizon, and the next cursor may jump there even when none of them were the caller's.
 */
const querySchema = z.object({
  after: z
    .string()
    .regex(/^\d{1,18}$/, 'after is a cursor returned by this feed')
    .default('0'),
  wait: z.coerce.number().min(0).max(30).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type EventsFeedQuery = z.input<typeof querySchema>;

interface Row {
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

export function parseFeedQuery(raw: EventsFeedQuery) {
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw problem(400, 'TKS-REQUEST-INVALID', 'Invalid query', `${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

export async function readFeedPage(
  dataSource: DataSource,
  principal: Principal,
  query: { after: string; limit: number },
) {
  const [horizonRow] = (await dataSource.query(
    'SELECT coalesce(max(feed_seq), 0)::text AS horizon FROM gateway.filing_events',
  )) as Array<{ horizon: string }>;
  const horizon = horizonRow?.horizon ?? '0';
  const scope =
    principal.role === 'client'
      ? 'AND f.subscriber_id = ANY($4)'
      : principal.role === 'inspector'
        ? 'AND f.tax_office_code = ANY($4)'
        : 'AND $4::text[] IS NOT NULL';
  const scopeValues =
    principal.role === 'client'
      ? [...principal.subscriberIds]
      : principal.role === 'inspector'
        ? [...principal.taxOfficeCodes]
        : [];
  const rows = (await dataSource.query(
    `SELECT e.feed_seq::text AS feed_seq, e.filing_id, e.status, e.progress, e.outcome, e.at, e.detail,
            f.subscriber_id, f.file_id, f.form_code, f.tax_office_code
       FROM gateway.filing_events e JOIN gateway.filings f ON f.filing_id = e.filing_id
      WHERE e.feed_seq > $1 AND e.feed_seq <= $2 ${scope}
      ORDER BY e.feed_seq LIMIT $3`,
    [query.after, horizon, query.limit, scopeValues],
  )) as Row[];
  const last = rows[rows.length - 1];
  const nextCursor =
    rows.length === query.limit && last
      ? last.feed_seq
      : BigInt(horizon) > BigInt(query.after)
        ? horizon
        : query.after;
  return {
    events: rows.map((r) => ({
      cursor: r.feed_seq,
      filingId: r.filing_id,
      status: r.status,
      // The filing's progress and outcome after the event (issue 9); absent on older lines.
      ...(r.progress ? { progress: r.progress, outcome: r.outcome } : {}),
      at: new Date(r.at).toISOString(),
      ...(r.detail ? { detail: r.detail } : {}),
      subscriberId: r.subscriber_id,
      fileId: r.file_id,
      formCode: r.form_code,
      taxOfficeCode: r.tax_office_code,
      links: { filing: `/${API_PREFIX}/filings/${r.filing_id}` },
    })),
    nextCursor,
  };
}
