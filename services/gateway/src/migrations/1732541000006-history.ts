import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 6: the columns and indexes of the inspectors' history (GET /api/v1/history). Every query
 * is scoped to one tax office and ordered by (submitted_at, filing_id) descending for keyset
 * pagination, so each index starts with tax_office_code and ends with that order; the filter
 * columns in between let one index answer each filter without a scan of the table.
 */
export class History1732541000006 implements MigrationInterface {
  name = 'History1732541000006';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE gateway.filings
        ADD COLUMN taxpayer_inn varchar(12),
        ADD COLUMN taxpayer_kpp varchar(9),
        ADD COLUMN period char(2),
        ADD COLUMN report_year smallint,
        ADD COLUMN overdue boolean NOT NULL DEFAULT false`);
    // Filings taken in before this migration: INN and KPP are in ИдФайл (R_T_A_K_O_...), O being
    // INN+KPP (19 characters) for a company or the INN (12) for a person.
    await runner.query(`
      UPDATE gateway.filings SET
        taxpayer_inn = CASE WHEN length(split_part(file_id, '_', 5)) = 19
                            THEN substr(split_part(file_id, '_', 5), 1, 10)
                            ELSE split_part(file_id, '_', 5) END,
        taxpayer_kpp = CASE WHEN length(split_part(file_id, '_', 5)) = 19
                            THEN substr(split_part(file_id, '_', 5), 11, 9) END
      WHERE taxpayer_inn IS NULL`);
    const order = 'submitted_at DESC, filing_id DESC';
    const indexes: Record<string, string> = {
      history_office: `tax_office_code, ${order}`,
      history_office_inn: `tax_office_code, taxpayer_inn, taxpayer_kpp, ${order}`,
      history_office_form: `tax_office_code, form_code, ${order}`,
      history_office_period: `tax_office_code, report_year, period, ${order}`,
      history_office_status: `tax_office_code, status, ${order}`,
    };
    for (const [name, columns] of Object.entries(indexes)) {
      await runner.query(`CREATE INDEX ${name} ON gateway.filings (${columns})`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const name of [
      'history_office',
      'history_office_inn',
      'history_office_form',
      'history_office_period',
      'history_office_status',
    ]) {
      await runner.query(`DROP INDEX gateway.${name}`);
    }
    await runner.query(`
      ALTER TABLE gateway.filings DROP COLUMN taxpayer_inn, DROP COLUMN taxpayer_kpp,
        DROP COLUMN period, DROP COLUMN report_year, DROP COLUMN overdue`);
  }
}
