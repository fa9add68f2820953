import { z } from 'zod';
import { Brackets, DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { problem } from '../http/problem';
import { filingOutcomes, filingProgresses } from '../docflow/docflow-state';
import { allFilingStatuses, Filing, FilingStatus } from './filing.entity';
import { filingSummary } from './filing-view';

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

export async function listFilings(dataSource: DataSource, principal: Principal, raw: FilingListQuery) {
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw problem(400, 'TKS-REQUEST-INVALID', 'Invalid query', `${issue?.path.join('.')}: ${issue?.message}`);
  }
  const q = parsed.data;
  const builder = dataSource.getRepository(Filing).createQueryBuilder('f');
  if (principal.role === 'client') {
    builder.andWhere('f.subscriber_id = ANY(:allowed)', { allowed: [...principal.subscriberIds] });
  } else if (principal.role === 'inspector') {
    builder.andWhere('f.tax_office_code = ANY(:offices)', { offices: [...principal.taxOfficeCodes] });
  }
  if (q.subscriber) builder.andWhere('f.subscriber_id = :subscriber', { subscriber: q.subscriber });
  if (q.status) builder.andWhere('f.status = :status', { status: q.status });
  if (q.progress) builder.andWhere('f.progress = :progress', { progress: q.progress });
  if (q.outcome) builder.andWhere('f.outcome = :outcome', { outcome: q.outcome });
  if (q.knd) builder.andWhere('f.form_code = :knd', { knd: q.knd });
  if (q.from) builder.andWhere('f.submitted_at >= :from', { from: new Date(q.from) });
  // A bare date as `to` includes that whole day.
  if (q.to) {
    const to = new Date(q.to);
    if (/^\d{4}-\d{2}-\d{2}$/.test(q.to)) to.setUTCDate(to.getUTCDate() + 1);
    builder.andWhere(/^\d{4}-\d{2}-\d{2}$/.test(q.to) ? 'f.submitted_at < :to' : 'f.submitted_at <= :to', {
      to,
    });
  }
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor);
    builder.andWhere(
      new Brackets((w) =>
        w
          .where('f.submitted_at < :at', { at: new Date(at) })
          .orWhere('(f.submitted_at = :at AND f.filing_id < :id)', { at: new Date(at), id }),
      ),
    );
  }
  const rows = await builder
    .orderBy('f.submitted_at', 'DESC')
    .addOrderBy('f.filing_id', 'DESC')
    .limit(q.limit + 1)
    .getMany();
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(filingSummary),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null,
  };
}
