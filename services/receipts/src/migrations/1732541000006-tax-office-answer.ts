import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 6: the tax office's answer, the checks behind it, and deadlines. */
export class TaxOfficeAnswer1732541000006 implements MigrationInterface {
  name = 'TaxOfficeAnswer1732541000006';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE receipts.receipts
        ADD COLUMN tax_office_code char(4),
        ADD COLUMN check_result jsonb,
        ADD COLUMN elapsed_ms bigint,
        ADD COLUMN deadline_at timestamptz,
        ADD COLUMN overdue boolean NOT NULL DEFAULT false`);
    // The tax office answers once: an acceptance receipt or a refusal notice, never both.
    await runner.query(`CREATE UNIQUE INDEX receipts_one_answer ON receipts.receipts (filing_id)
      WHERE kind IN ('acceptance-receipt', 'refusal-notice')`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX receipts.receipts_one_answer');
    await runner.query(`
      ALTER TABLE receipts.receipts
        DROP COLUMN tax_office_code, DROP COLUMN check_result, DROP COLUMN elapsed_ms,
        DROP COLUMN deadline_at, DROP COLUMN overdue`);
  }
}
