import { z } from 'zod';
import type { Principal } from '../access/principal';
import { problem } from '../http/problem';
import { filingOutcomes, filingProgresses } from '../docflow/docflow-state';
import { allFilingStatuses, Filing, FilingStatus } from './filing.entity';
import { filingSummary } from './filing-view';
import { FilingListFilter, FilingScope, FilingsRepository } from './filings.repository';

/**
 * GET /filings: the caller's filings, newest first, with keyset pagination on
 * (submitted_at, filing_id) (indexes filings_list and filings_list_subscriber): a page never
 * repeats or skips a filing however many are added meanwhile. The cursor is opaque to clients.
 */
const querySchema = z.object({
  subscriber: z.string().min(1).max(46).optional(),
  status: z.enum(allFilingStatuses as [FilingStatus, ...FilingStatus[]]).optional(),
  progress: z.enum(filingProgresses).optional(),
  outcome: z.enum(filingOutcomes).optional(),
  knd: z
    .string()
    .regex(/^\d{7}$/, 'knd is a 7-digit form code')
    .optional(),
  from: z.string().datetime({ offset: true }).or(z.string().date()).optional(),
  to: z.string().datetime({ offset: true }).or(z.string().date()).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type FilingListQuery = z.input<typeof querySchema>;

const cursorSchema = z.tuple([z.string().datetime(), z.string().uuid()]);

export const encodeCursor = (filing: Filing): string =>
  Buffer.from(JSON.stringify([filing.submittedAt.toISOString(), filing.filingId])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw problem(400, 'TKS-REQUEST-INVALID', 'Invalid cursor', 'pass the nextCursor of the previous page');
  }
}

export async function listFilings(filings: FilingsRepository, principal: Principal, raw: FilingListQuery) {
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw problem(400, 'TKS-REQUEST-INVALID', 'Invalid query', `${issue?.path.join('.')}: ${issue?.message}`);
  }
  const q = parsed.data;
  const scope: FilingScope =
    principal.role === 'client'
      ? { subscriberIds: [...principal.subscriberIds] }
      : principal.role === 'inspector'
        ? { taxOfficeCodes: [...principal.taxOfficeCodes] }
        : 'all';
  const filter: FilingListFilter = {
    subscriber: q.subscriber,
    status: q.status,
    progress: q.progress,
    outcome: q.outcome,
    knd: q.knd,
    from: q.from ? new Date(q.from) : undefined,
  };
  // A bare date as `to` includes that whole day.
  if (q.to) {
    const to = new Date(q.to);
    const bareDate = /^\d{4}-\d{2}-\d{2}$/.test(q.to);
    if (bareDate) to.setUTCDate(to.getUTCDate() + 1);
    filter.to = { at: to, inclusive: !bareDate };
  }
  if (q.cursor) {
    const [at, filingId] = decodeCursor(q.cursor);
    filter.after = { at: new Date(at), filingId };
  }
  const rows = await filings.page(scope, filter, q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(filingSummary),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null,
  };
}
