import { z } from 'zod';
import type { Principal } from '../access/principal';
import { problem } from '../http/problem';
import { API_PREFIX } from '../http/configure-http';
import { EventsFeedRepository, FeedScope } from './events-feed.repository';

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

export function parseFeedQuery(raw: EventsFeedQuery) {
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw problem(400, 'TKS-REQUEST-INVALID', 'Invalid query', `${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

export async function readFeedPage(
  feed: EventsFeedRepository,
  principal: Principal,
  query: { after: string; limit: number },
) {
  const horizon = await feed.horizon();
  const scope: FeedScope =
    principal.role === 'client'
      ? { subscriberIds: [...principal.subscriberIds] }
      : principal.role === 'inspector'
        ? { taxOfficeCodes: [...principal.taxOfficeCodes] }
        : 'all';
  const rows = await feed.rows(query.after, horizon, query.limit, scope);
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
