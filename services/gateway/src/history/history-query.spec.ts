import { encodeCursor, historyQuerySchema } from './history-query';
import { historyPageSql } from './history-sql';

describe('the history query', () => {
  it('requires the tax office and defaults the page size', () => {
    expect(historyQuerySchema.safeParse({}).success).toBe(false);
    expect(historyQuerySchema.parse({ taxOfficeCode: '7736' })).toMatchObject({ limit: 50 });
  });

  it('refuses malformed filters, unknown parameters and pages over 500', () => {
    for (const bad of [
      { taxOfficeCode: '77' },
      { taxOfficeCode: '7736', inn: '123' },
      { taxOfficeCode: '7736', knd: '11520' },
      { taxOfficeCode: '7736', from: 'yesterday' },
      { taxOfficeCode: '7736', limit: '501' },
      { taxOfficeCode: '7736', sort: 'inn' },
    ]) {
      expect(historyQuerySchema.safeParse(bad).success).toBe(false);
    }
  });

  it('takes back the cursors it gives out and refuses forged ones', () => {
    const cursor = {
      submittedAt: '2026-03-31T23:59:58.250000Z',
      filingId: '0b1c2d3e-4f50-4617-8899-aabbccddeeff',
    };
    const parsed = historyQuerySchema.parse({ taxOfficeCode: '7736', cursor: encodeCursor(cursor) });
    expect(parsed.cursor).toEqual(cursor);
    expect(historyQuerySchema.safeParse({ taxOfficeCode: '7736', cursor: 'bm9wZQ' }).success).toBe(false);
  });

  it('binds every filter as a parameter and pages by (submitted_at, filing_id)', () => {
    const { sql, params } = historyPageSql(
      { taxOfficeCode: '7736', inn: "7707083893'; DROP TABLE x; --", status: 'accepted' },
      { submittedAt: '2026-03-31T23:59:58.250000Z', filingId: '0b1c2d3e-4f50-4617-8899-aabbccddeeff' },
      10,
    );
    expect(sql).not.toContain('DROP');
    expect(sql).toContain('(submitted_at, filing_id) < ($4::timestamptz, $5::uuid)');
    expect(sql).toMatch(/ORDER BY submitted_at DESC, filing_id DESC LIMIT \$6$/);
    expect(params).toEqual([
      '7736',
      "7707083893'; DROP TABLE x; --",
      'accepted',
      '2026-03-31T23:59:58.250000Z',
      '0b1c2d3e-4f50-4617-8899-aabbccddeeff',
      11,
    ]);
  });
});
