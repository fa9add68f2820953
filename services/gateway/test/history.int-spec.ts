import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { databaseUrlFor, dropDatabase, testEnvironment, uniqueName } from '@tks/testing';
import { prepareDatabase, serviceDataSourceOptions } from '@tks/persistence';
import { Initial1732540000000 } from '../src/migrations/1732540000000-initial';
import { History1732541000006 } from '../src/migrations/1732541000006-history';
import { historyQuerySchema } from '../src/history/history-query';
import { HistoryFilter, historyPageSql } from '../src/history/history-sql';
import { HistoryItem, HistoryService } from '../src/history/history.service';
import { HistoryRepository } from '../src/history/history.repository';

// Plain CommonJS script, shared with operators (node scripts/seed-history.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedHistory } = require('../../../scripts/seed-history.js') as {
  seedHistory: (client: Client, count: number) => Promise<number>;
};

const SEEDED = 100_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

/**
 * The inspectors' history on 100 000 seeded filings in a database of its own: each filter is
 * answered from an index (EXPLAIN shows no sequential scan of filings), and paging through the
 * results with the cursor returns exactly the rows a plain filter over the table returns.
 */
describe('inspector history over 100 000 filings', () => {
  const env = testEnvironment();
  const database = uniqueName('tks_history');
  const url = databaseUrlFor(env.databaseUrl, database);
  let dataSource: DataSource;
  let client: Client;
  let history: HistoryService;

  beforeAll(async () => {
    await prepareDatabase(url, 'gateway');
    dataSource = new DataSource(
      serviceDataSourceOptions({
        url,
        schema: 'gateway',
        entities: [],
        migrations: [Initial1732540000000, History1732541000006],
      }),
    );
    await dataSource.initialize();
    client = new Client({ connectionString: url });
    await client.connect();
    const started = Date.now();
    expect(await seedHistory(client, SEEDED)).toBe(SEEDED);
    console.log(`seeded ${SEEDED} filings in ${Date.now() - started} ms`);
    history = new HistoryService(new HistoryRepository(dataSource));
  });

  afterAll(async () => {
    await client?.end();
    await dataSource?.destroy();
    await dropDatabase(env.databaseUrl, database);
  });

  const filter = (query: Record<string, string>): HistoryFilter => {
    const { cursor: _c, limit: _l, format: _f, ...rest } = historyQuerySchema.parse(query);
    return rest;
  };
  const filters: Record<string, Record<string, string>> = {
    'tax office only': { taxOfficeCode: '7705' },
    'taxpayer INN': { taxOfficeCode: '7705', inn: '7700000210' },
    'taxpayer INN and KPP': { taxOfficeCode: '7705', inn: '7700000210', kpp: '770501001' },
    'form (КНД)': { taxOfficeCode: '7705', knd: '1151020' },
    'period and year': { taxOfficeCode: '7705', period: '34', year: '2023' },
    status: { taxOfficeCode: '7705', status: 'rejected' },
    'date range': { taxOfficeCode: '7705', from: '2024-03-01T00:00:00Z', to: '2024-04-01T00:00:00+03:00' },
    'everything at once': {
      taxOfficeCode: '7705',
      knd: '1152017',
      period: '21',
      year: '2021',
      status: 'accepted',
      from: '2024-01-01T00:00:00Z',
      to: '2025-01-01T00:00:00Z',
    },
  };

  it.each(Object.entries(filters))('answers the filter "%s" from an index', async (_name, query) => {
    const { sql, params } = historyPageSql(filter(query), undefined, 50);
    const [{ 'QUERY PLAN': plan }] = (await client.query(`EXPLAIN (FORMAT JSON) ${sql}`, params))
      .rows as Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>;
    const all = nodes(plan[0].Plan);
    const onFilings = all.filter((n) => n['Relation Name'] === 'filings');
    expect(onFilings.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    expect(all.some((n) => n['Index Name']?.startsWith('history_'))).toBe(true);
  });

  it('pages with the cursor through exactly the rows a plain filter finds, newest first', async () => {
    for (const query of Object.values(filters)) {
      const f = filter(query);
      const expected = (
        await client.query<{ filing_id: string }>(
          `SELECT filing_id FROM gateway.filings WHERE tax_office_code = $1
             AND ($2::text IS NULL OR taxpayer_inn = $2) AND ($3::text IS NULL OR taxpayer_kpp = $3)
             AND ($4::text IS NULL OR form_code = $4) AND ($5::text IS NULL OR period = $5)
             AND ($6::int IS NULL OR report_year = $6) AND ($7::text IS NULL OR status = $7)
             AND ($8::timestamptz IS NULL OR submitted_at >= $8) AND ($9::timestamptz IS NULL OR submitted_at < $9)
           ORDER BY submitted_at DESC, filing_id DESC`,
          [
            f.taxOfficeCode,
            f.inn ?? null,
            f.kpp ?? null,
            f.knd ?? null,
            f.period ?? null,
            f.year ?? null,
            f.status ?? null,
            f.from ?? null,
            f.to ?? null,
          ],
        )
      ).rows.map((r) => r.filing_id);
      expect(expected.length).toBeGreaterThan(0);

      const seen: HistoryItem[] = [];
      let cursor: string | null = null;
      do {
        const query2: Record<string, string> = { ...query, limit: '137', ...(cursor ? { cursor } : {}) };
        const parsed = historyQuerySchema.parse(query2);
        const page = await history.page(f, parsed.cursor, parsed.limit);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.map((i) => i.filingId)).toEqual(expected);
      for (const item of seen) {
        expect(item.taxOfficeCode).toBe(f.taxOfficeCode);
        if (f.inn) expect(item.taxpayerInn).toBe(f.inn);
        if (f.status) expect(item.status).toBe(f.status);
        expect(item.links.filing).toBe(`/api/v1/filings/${item.filingId}`);
      }
    }
  });

  it('exports every matching row through the streaming generator', async () => {
    const f = filter(filters.status);
    const count = Number(
      (
        await client.query(
          "SELECT count(*) FROM gateway.filings WHERE tax_office_code = '7705' AND status = 'rejected'",
        )
      ).rows[0].count,
    );
    let exported = 0;
    for await (const item of history.all(f, 40)) {
      expect(item.status).toBe('rejected');
      exported++;
    }
    expect(exported).toBe(count);
  });
});
