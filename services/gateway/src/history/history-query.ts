import { z } from 'zod';

/** Where a page ends: the last row's (submitted_at, filing_id), the keyset order of the history. */
export interface HistoryCursor {
  /** submitted_at as PostgreSQL prints it in UTC, microseconds included, so no row is skipped. */
  readonly submittedAt: string;
  readonly filingId: string;
}

const cursorSchema = z.object({
  submittedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  filingId: z.string().uuid(),
});

export const encodeCursor = (cursor: HistoryCursor): string =>
  Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');

function decodeCursor(text: string): HistoryCursor | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const instant = z.string().datetime({ offset: true });
export const MAX_PAGE = 500;

/** The query of `GET /history`: every filter optional except the tax office, which scopes it. */
export const historyQuerySchema = z
  .object({
    taxOfficeCode: z.string().regex(/^\d{4}$/, 'taxOfficeCode must be 4 digits'),
    inn: z
      .string()
      .regex(/^(\d{10}|\d{12})$/, 'inn must be 10 or 12 digits')
      .optional(),
    kpp: z
      .string()
      .regex(/^\d{4}[0-9A-Z]{2}\d{3}$/, 'kpp is malformed')
      .optional(),
    knd: z
      .string()
      .regex(/^\d{7}$/, 'knd must be 7 digits')
      .optional(),
    period: z
      .string()
      .regex(/^\d{2}$/, 'period is the 2-digit code of Документ/@Период')
      .optional(),
    year: z.coerce.number().int().min(1990).max(2100).optional(),
    /** A filing status (GET /filings/{id} lists them), e.g. accepted, rejected. */
    status: z
      .string()
      .regex(/^[a-z-]{1,40}$/, 'status is a filing status such as accepted or rejected')
      .optional(),
    /** submitted_at >= from. */
    from: instant.optional(),
    /** submitted_at < to. */
    to: instant.optional(),
    cursor: z
      .string()
      .transform((text, ctx) => {
        const cursor = decodeCursor(text);
        if (!cursor) ctx.addIssue({ code: 'custom', message: 'cursor is not one this API gave out' });
        return cursor ?? z.NEVER;
      })
      .optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
    format: z.enum(['json', 'csv']).optional(),
  })
  .strict();

export type HistoryQuery = z.infer<typeof historyQuerySchema>;
