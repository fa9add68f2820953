import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify';
import { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CurrentPrincipal, RequireApiKey } from '../access/api-key.guard';
import type { Principal } from '../access/principal';
import { API_PREFIX } from '../http/configure-http';
import { problem } from '../http/problem';
import { historyQuerySchema } from './history-query';
import { HistoryItem, HistoryService } from './history.service';

const CSV_COLUMNS: Array<keyof Omit<HistoryItem, 'links'>> = [
  'filingId',
  'docflowId',
  'subscriberId',
  'fileId',
  'formCode',
  'taxOfficeCode',
  'taxpayerInn',
  'taxpayerKpp',
  'period',
  'reportYear',
  'status',
  'overdue',
  'submittedAt',
  'updatedAt',
];

/**
 * The docflow history inspectors read: the filings of their tax office, filtered, newest first,
 * in pages (keyset cursor) or as one streamed CSV export.
 *
 * Access (issue 5's API keys): an inspector key reads the tax offices it is scoped to, an
 * operator key every tax office; `taxOfficeCode` is required either way, so each query is scoped.
 */
@ApiTags('history')
@Controller('history')
@RequireApiKey('inspector', 'operator')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  @Get()
  @ApiOperation({ summary: 'Filings of a tax office, filtered; JSON pages or CSV (Accept: text/csv)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiQuery({ name: 'taxOfficeCode', required: true })
  @ApiQuery({ name: 'inn', required: false })
  @ApiQuery({ name: 'kpp', required: false })
  @ApiQuery({ name: 'knd', required: false })
  @ApiQuery({ name: 'period', required: false, description: 'Документ/@Период, 2 digits' })
  @ApiQuery({ name: 'year', required: false, description: 'Документ/@ОтчетГод' })
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'submitted at or after (ISO 8601)' })
  @ApiQuery({ name: 'to', required: false, description: 'submitted before (ISO 8601)' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 50' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() raw: Record<string, unknown>,
    @Headers('accept') accept: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const parsed = historyQuerySchema.safeParse(raw);
    if (!parsed.success) {
      throw problem(
        400,
        'TKS-REQUEST-INVALID',
        'Invalid history query',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    }
    const { cursor, limit, format, ...filter } = parsed.data;
    if (principal.role === 'inspector' && !principal.taxOfficeCodes.has(filter.taxOfficeCode)) {
      throw problem(
        403,
        'TKS-FORBIDDEN',
        'This API key may not read this tax office',
        `the key is scoped to ${[...principal.taxOfficeCodes].join(', ') || 'no tax office'}`,
      );
    }
    const csv = format === 'csv' || (format === undefined && (accept ?? '').includes('text/csv'));
    if (!csv) {
      const page = await this.history.page(filter, cursor, limit);
      const next = page.nextCursor
        ? `/${API_PREFIX}/history?${new URLSearchParams({
            ...stringParams(raw),
            cursor: page.nextCursor,
          }).toString()}`
        : null;
      res.json({ ...page, links: { next } });
      return;
    }
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="history-${filter.taxOfficeCode}.csv"`);
    const rows = Readable.from(this.history.all(filter));
    // The whole result, streamed: the page size and cursor do not apply to an export.
    await pipeline(rows, stringify({ header: true, columns: CSV_COLUMNS, cast: { boolean: String } }), res);
  }
}

function stringParams(raw: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) if (typeof value === 'string') out[key] = value;
  delete out.cursor;
  return out;
}
